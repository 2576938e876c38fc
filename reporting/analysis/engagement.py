"""Community engagement per 1,000 residents: participants an award reached, over the population of the
counties it serves, in total and by quarter, and for the program as a whole.

Participants are the catalog's participant counts (inputs.ENGAGEMENT_CODES) added up; a person who took part in
several quarters or activities is counted each time, so this is a measure of reach, not of distinct people.
Pure: AwardData and county-year rows in, results out; a missing or zero population gives no rate and a reason.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .inputs import ENGAGEMENT_CODES
from .rates import per_1000, population_of, rate_index


def engagement_limits():
    return (
        _(
            "Participants are counted per activity and quarter, so a resident who took part several times is "
            "counted several times: the figures measure reach, not distinct people."
        ),
        _(
            "Population is that of the whole counties an award serves, although many programs serve one city "
            "or neighbourhood, so rates understate local reach."
        ),
    )


@dataclass(frozen=True)
class EngagementPoint:
    """Participants in one quarter and per 1,000 residents."""

    quarter: str
    participants: int
    per_1000: float | None


@dataclass(frozen=True)
class EngagementRate:
    """One award's reach: participants over the period and by quarter, per 1,000 residents of its counties."""

    award_id: int | None
    grantee: str
    counties: tuple[str, ...]
    population: int | None
    population_years: tuple[int, ...]
    participants: int
    per_1000: float | None
    quarters: tuple[EngagementPoint, ...]
    reason: str = ""


@dataclass(frozen=True)
class Engagement:
    """Every award's reach and the program's over time (all funded counties, each counted once)."""

    awards: tuple[EngagementRate, ...]
    program: EngagementRate
    limits: tuple[str, ...]


def participants(award, quarter, codes=ENGAGEMENT_CODES):
    """Participants the award reported for a quarter (missing metrics count as nothing reported)."""
    numbers = [award.number(quarter, code) for code in codes]
    return int(sum((n for n in numbers if n is not None), Decimal(0)))


def _rate(award_id, grantee, counties, fips, year, index, by_quarter):
    population, population_years = population_of(fips, year, index)
    total = sum(by_quarter.values())
    points = tuple(EngagementPoint(q, n, per_1000(n, population)) for q, n in sorted(by_quarter.items()))
    reason = ""
    if not fips:
        reason = _("no county is recorded")
    elif population is None:
        reason = _("no population is recorded for %(counties)s") % {"counties": ", ".join(counties)}
    elif not by_quarter:
        reason = _("no participants were reported")
    return EngagementRate(
        award_id,
        grantee,
        tuple(counties),
        population,
        population_years,
        total,
        per_1000(total, population),
        points,
        reason,
    )


def engagement_rates(awards, rows, *, population_year=None, codes=ENGAGEMENT_CODES):
    """Reach per 1,000 residents for each award and for the program.

    Each county's population is taken for ``population_year`` when given, else for the year before each award
    starts (the baseline), falling back to that county's nearest year on record (``population_years`` lists the
    years used).
    """
    index = rate_index(rows)
    awards = list(awards)
    results = []
    program_quarters, program_fips = {}, {}
    for award in awards:
        by_quarter = {q: participants(award, q, codes) for q in award.quarters}
        year = population_year or award.period_start.year - 1
        results.append(
            _rate(award.award_id, award.grantee, award.counties, award.county_fips, year, index, by_quarter)
        )
        for quarter, count in by_quarter.items():
            program_quarters[quarter] = program_quarters.get(quarter, 0) + count
        for fips, name in zip(award.county_fips, award.counties, strict=False):
            program_fips[fips] = name
    year = population_year or (min(a.period_start for a in awards).year - 1 if awards else None)
    fips = sorted(program_fips, key=lambda f: program_fips[f])
    if year is None:
        program = EngagementRate(
            None, _("All grantees"), (), None, None, 0, None, (), _("there are no awards")
        )
    else:
        program = _rate(
            None, _("All grantees"), [program_fips[f] for f in fips], fips, year, index, program_quarters
        )
    return Engagement(tuple(results), program, engagement_limits())
