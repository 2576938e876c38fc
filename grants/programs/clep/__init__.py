"""The Community-Law Enforcement Partnership program (RCW 43.330.545) as a definition.

criteria.py holds the eligibility criteria, rubric.py the scoring rubric, metrics.py the quarterly metric
catalog and its category labels; numbering and report labels are here.
"""

import re

from django.utils import timezone

from ..definition import ProgramDefinition
from .criteria import CRITERIA, ROUND_RULE_LABELS
from .metrics import CATALOG, CATEGORIES
from .rubric import CLEP_RUBRIC

SLUG = "clep"
NAME = "Community-Law Enforcement Partnership"
STATUTE = "RCW 43.330.545"

# RCW 43.330.545 (2021): a preliminary report by 1 January 2022 and a final one by 1 December 2023; the 2023
# amendment adds a report every odd year. Reports to the Legislature are written in English.
REPORT_TITLES = {
    "preliminary": "Preliminary report",
    "final": "Final report",
    "biennial": "Biennial report",
}


def contract_prefix(funding_round):
    """CLEP-21- for a round funded from 2021: contract numbers read CLEP-21-001."""
    year = (funding_round.period_start or funding_round.opens_on or timezone.now().date()).year
    return f"CLEP-{year % 100:02d}-"


def reference_prefix(funding_round):
    """CLEP21 for clep-2021: short, readable application references such as CLEP21-007."""
    years = re.findall(r"\d{4}", funding_round.slug)
    if years:
        return f"CLEP{years[0][2:]}"
    return re.sub(r"[^A-Z0-9]", "", funding_round.slug.upper())[:12] or "APP"


DEFINITION = ProgramDefinition(
    slug=SLUG,
    name=NAME,
    statute=STATUTE,
    criteria=CRITERIA,
    round_rule_labels=ROUND_RULE_LABELS,
    rubric=CLEP_RUBRIC,
    metric_catalog=CATALOG,
    categories=CATEGORIES,
    report_titles=REPORT_TITLES,
    contract_prefix=contract_prefix,
    reference_prefix=reference_prefix,
)
