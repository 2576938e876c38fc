"""The thin database side of the analysis: read county statistics and awards' counted quarterly values into
plain data (inputs.AwardData, rates.CountyYear). No arithmetic here.

Which reports count is the read model's rule (grants.selectors.figures.counted_values), over active periods.
"""

from collections import defaultdict

from grants.models import Award, ReportingPeriod
from grants.selectors.county_statistics import county_statistics
from grants.selectors.figures import counted_values

from .inputs import ENGAGEMENT_CODES, SURVEY_RESPONDENTS, SURVEY_SHARE, AwardData
from .rates import CountyYear

CODES = (SURVEY_SHARE, SURVEY_RESPONDENTS, *ENGAGEMENT_CODES)


def load_county_years():
    """Every county-year on record."""
    return [CountyYear(*row) for row in county_statistics()]


def _awards(**filters):
    awards = Award.objects.select_related("organization", "funding_round").prefetch_related("counties")
    return list(awards.filter(**filters).order_by("organization__legal_name", "contract_number"))


def load_other_awards(rounds):
    """Awards of every other round, with counties and periods but no values (the comparison leaves their
    counties out). Two queries."""
    return [
        _award_data(award, {}) for award in _awards() if award.funding_round_id not in {r.pk for r in rounds}
    ]


def load_awards(rounds, codes=CODES):
    """Awards of ``rounds`` with their counties and counted values of ``codes``. Three queries."""
    awards = _awards(funding_round__in=list(rounds))
    values = defaultdict(lambda: defaultdict(dict))
    for award_id, year, quarter, code, number in (
        counted_values(ReportingPeriod.objects.filter(award__in=[a.pk for a in awards], is_active=True))
        .filter(metric__code__in=codes, number__isnull=False)
        .order_by("id")
        .values_list(
            "report__period__award_id",
            "report__period__year",
            "report__period__quarter",
            "metric__code",
            "number",
        )
    ):
        values[award_id][f"{year}-Q{quarter}"][code] = number
    return [_award_data(award, values[award.pk]) for award in awards]


def _award_data(award, values):
    counties = sorted(award.counties.all(), key=lambda c: c.name)
    return AwardData(
        award_id=award.pk,
        round_slug=award.funding_round.slug,
        grantee=award.organization.legal_name,
        contract_number=award.contract_number,
        county_fips=tuple(c.fips for c in counties),
        counties=tuple(c.name for c in counties),
        period_start=award.period_start,
        period_end=award.period_end,
        values={quarter: dict(by_code) for quarter, by_code in values.items()},
    )
