"""Writing imported county statistics: all rows or none; re-importing the same file changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from ..imports_statistics import parse_county_statistics_csv
from ..models import County, CountyStatistic

FIELDS = ("population", "offenses", "source")


@dataclass
class StatisticsImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def import_county_statistics_csv(text, *, by=None):
    """Parse and write a county statistics CSV; raises CsvImportError and writes nothing on any problem."""
    rows = parse_county_statistics_csv(text, County.objects.values_list("fips", "name"))
    return import_statistic_rows(rows, by=by)


@transaction.atomic
def import_statistic_rows(rows, *, by=None):
    """Create or update one row per county and year; an update keeps the old values in the history."""
    result = StatisticsImportResult()
    existing = {
        (s.county_id, s.year): s
        for s in CountyStatistic.objects.select_for_update().filter(year__in={r.year for r in rows})
    }
    for row in rows:
        wanted = {"population": row.population, "offenses": row.offenses, "source": row.source}
        statistic = existing.get((row.county_fips, row.year))
        if statistic is None:
            statistic = CountyStatistic(county_id=row.county_fips, year=row.year, **wanted)
            reason = "Imported"
            result.created += 1
        elif all(getattr(statistic, name) == value for name, value in wanted.items()):
            result.unchanged += 1
            continue
        else:
            for name, value in wanted.items():
                setattr(statistic, name, value)
            reason = "Updated by a later import"
            result.updated += 1
        statistic._change_reason = reason
        if by is not None:
            statistic._history_user = by
        statistic.save()
    return result
