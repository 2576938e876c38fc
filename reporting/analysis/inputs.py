"""The plain data the analysis works on, built by loader.py from the database or by a test by hand."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

SURVEY_SHARE = "survey_trust_percent"
SURVEY_RESPONDENTS = "survey_respondents"
# Residents reached: the catalog's participant counts (officers_participating counts officers, not residents).
ENGAGEMENT_CODES = (
    "community_participants",
    "youth_participants",
    "education_participants",
    "training_participants",
)


@dataclass(frozen=True)
class AwardData:
    """One award: who, where, when, and its counted quarterly numbers.

    ``values`` maps a quarter label ("2022-Q1", sortable) to {metric code: number} for the quarterly reports
    that count (submitted or accepted).
    """

    award_id: int
    round_slug: str
    grantee: str
    contract_number: str
    county_fips: tuple[str, ...]
    counties: tuple[str, ...]
    period_start: date
    period_end: date
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def quarters(self):
        return sorted(self.values)

    def number(self, quarter, code):
        return self.values.get(quarter, {}).get(code)
