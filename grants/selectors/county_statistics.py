"""Reads of the county reference statistics (population and reported offenses by year)."""

from ..models import CountyStatistic


def county_statistics(years=None):
    """Every county-year as (fips, county name, year, population, offenses, source), by county and year."""
    rows = CountyStatistic.objects.order_by("county__name", "year")
    if years is not None:
        rows = rows.filter(year__in=list(years))
    return list(rows.values_list("county_id", "county__name", "year", "population", "offenses", "source"))


def statistics_sources(years=None):
    """The distinct sources cited by the county-years (for the report's list of sources)."""
    rows = CountyStatistic.objects.all()
    if years is not None:
        rows = rows.filter(year__in=list(years))
    return sorted(set(rows.values_list("source", flat=True)))
