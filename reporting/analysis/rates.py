"""Crime rates per 1,000 residents by county and year, and the years an award is compared across.

Pure functions on plain data: no database, no HTTP. A rate that cannot be computed (no offenses reported,
no population or a population of zero) is None with a reason, never a division by zero.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

PER = 1000


@dataclass(frozen=True)
class CountyYear:
    """One county's figures for one calendar year, as imported (grants.CountyStatistic)."""

    fips: str
    county: str
    year: int
    population: int | None
    offenses: int | None
    source: str = ""


@dataclass(frozen=True)
class CrimeRate:
    """Reported offenses per 1,000 residents in one county and year; ``per_1000`` is None with a ``reason``."""

    fips: str
    county: str
    year: int
    offenses: int | None
    population: int | None
    per_1000: float | None
    reason: str = ""


@dataclass(frozen=True)
class AreaRate:
    """Reported offenses per 1,000 residents over several counties (an award's service area) in one year."""

    year: int | None
    offenses: int | None
    population: int | None
    per_1000: float | None
    reason: str = ""


def per_1000(count, population):
    """``count`` per 1,000 of ``population``, or None when either is missing or the population is not above 0."""
    if count is None or not population or population <= 0:
        return None
    return count * PER / population


def crime_rate(row):
    """The rate of one CountyYear, saying why when there is none."""
    if not row.population or row.population <= 0:
        reason = _("no population recorded for %(county)s in %(year)s") % {
            "county": row.county,
            "year": row.year,
        }
        return CrimeRate(row.fips, row.county, row.year, row.offenses, row.population, None, reason)
    if row.offenses is None:
        reason = _("no offense count recorded for %(county)s in %(year)s") % {
            "county": row.county,
            "year": row.year,
        }
        return CrimeRate(row.fips, row.county, row.year, None, row.population, None, reason)
    return CrimeRate(
        row.fips, row.county, row.year, row.offenses, row.population, per_1000(row.offenses, row.population)
    )


def crime_rates(rows):
    """Every county-year's rate, ordered by county name and year."""
    return sorted((crime_rate(row) for row in rows), key=lambda r: (r.county, r.year))


def rate_index(rows):
    """{(fips, year): CountyYear} for quick look-ups."""
    return {(row.fips, row.year): row for row in rows}


def baseline_year(period_start):
    """The pre-award baseline: the calendar year before the award's period of performance starts."""
    return period_start.year - 1


def last_full_year(period_start, period_end):
    """The last calendar year wholly inside the period of performance, or None when there is none."""
    year = period_end.year if period_end >= date(period_end.year, 12, 31) else period_end.year - 1
    return year if date(year, 1, 1) >= period_start else None


def area_rate(fips_list, year, index):
    """Offenses per 1,000 residents over ``fips_list`` in ``year`` (sums over counties, then divided)."""
    if year is None:
        return AreaRate(None, None, None, None, _("no year to compare"))
    rows = [index.get((fips, year)) for fips in fips_list]
    if not fips_list:
        return AreaRate(year, None, None, None, _("the award names no county"))
    if any(row is None or not row.population for row in rows):
        return AreaRate(year, None, None, None, _("population is missing for %(year)s") % {"year": year})
    population = sum(row.population for row in rows)
    if any(row.offenses is None for row in rows):
        return AreaRate(
            year, None, population, None, _("offense counts are missing for %(year)s") % {"year": year}
        )
    offenses = sum(row.offenses for row in rows)
    return AreaRate(year, offenses, population, per_1000(offenses, population))


def population_of(fips_list, year, index):
    """(population, years used) of the counties: each county's population in ``year``, else in its nearest year
    on record (the earlier when two are equally near); (None, ()) when a county has no population at all."""
    total, used = 0, set()
    for fips in fips_list:
        years = [y for (f, y), row in index.items() if f == fips and row.population and row.population > 0]
        if not years:
            return None, ()
        nearest = min(years, key=lambda y: (abs(y - year), y > year))
        total += index[(fips, nearest)].population
        used.add(nearest)
    return (total, tuple(sorted(used))) if fips_list else (None, ())


@dataclass(frozen=True)
class AwardCrime:
    """Reported offenses per 1,000 residents in an award's counties in the baseline year and the last full
    award year."""

    award_id: int
    grantee: str
    counties: tuple[str, ...]
    baseline: AreaRate
    after: AreaRate

    @property
    def change(self):
        if self.baseline.per_1000 is None or self.after.per_1000 is None:
            return None
        return self.after.per_1000 - self.baseline.per_1000


def award_crime_rates(awards, rows):
    """Each award's baseline (year before it starts) and last-full-year rate over the counties it serves."""
    index = rate_index(rows)
    return tuple(
        AwardCrime(
            award.award_id,
            award.grantee,
            tuple(award.counties),
            area_rate(award.county_fips, baseline_year(award.period_start), index),
            area_rate(award.county_fips, last_full_year(award.period_start, award.period_end), index),
        )
        for award in awards
    )
