"""Parsing and checking of the county statistics CSV, with no database access: text in, rows or errors out.

The header is ``county,year,offenses,population,source``; one row per county and calendar year. ``county``
is a Washington county's name (any case) or its five-digit FIPS code; ``offenses`` is the count of offenses
reported in the county that year, or empty when only the population is known; ``population`` the county's
resident population that year (required, above zero); ``source`` where both figures come from (required:
the reports cite it). Counts may use thousands separators (``1,234``). Line numbers count the header as
line 1, as a spreadsheet shows them. The writing is grants.services.county_statistics.
"""

import csv
import io
import re
from dataclasses import dataclass

from .imports import CsvImportError, county_lookup

STATISTICS_COLUMNS = ("county", "year", "offenses", "population", "source")
COUNT = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)$")
FIRST_YEAR, LAST_YEAR = 1960, 2100
SOURCE_LENGTH = 300


@dataclass(frozen=True)
class StatisticRow:
    line: int
    county_fips: str
    year: int
    offenses: int | None
    population: int
    source: str


def parse_count(value):
    """'1,234' → 1234; '' → None; a negative, fractional or other value raises ValueError."""
    text = value.strip()
    if not text:
        return None
    if not COUNT.match(text):
        raise ValueError(value)
    return int(text.replace(",", ""))


def parse_county_statistics_csv(text, counties):
    """Parse the whole file; return the rows, or raise CsvImportError naming the first problem's line and column.

    ``counties`` is an iterable of (fips, name) pairs.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    try:
        header = [name.strip().casefold() for name in next(reader)]
    except StopIteration:
        raise CsvImportError(1, "", "the file is empty") from None
    if tuple(header) != STATISTICS_COLUMNS:
        raise CsvImportError(1, "", "the header must be " + ",".join(STATISTICS_COLUMNS))
    lookup = county_lookup(counties)
    rows, seen = [], {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(STATISTICS_COLUMNS):
            raise CsvImportError(line, "", f"expected {len(STATISTICS_COLUMNS)} columns, found {len(values)}")
        row = _parse_row(line, dict(zip(STATISTICS_COLUMNS, values, strict=True)), lookup)
        key = (row.county_fips, row.year)
        if key in seen:
            raise CsvImportError(
                line, "year", f"{values[0].strip()} {row.year} is already given on line {seen[key]}"
            )
        seen[key] = line
        rows.append(row)
    if not rows:
        raise CsvImportError(2, "", "the file has a header but no rows")
    return rows


def _parse_row(line, row, lookup):
    county = " ".join(row["county"].split())
    if not county:
        raise CsvImportError(line, "county", "is empty")
    fips = lookup.get(county.casefold())
    if fips is None:
        raise CsvImportError(line, "county", f"{county!r} is not a Washington county name or FIPS code")
    year_text = row["year"].strip()
    if not year_text.isdigit() or not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
        raise CsvImportError(
            line, "year", f"{row['year']!r} is not a year between {FIRST_YEAR} and {LAST_YEAR}"
        )
    counts = {}
    for column in ("offenses", "population"):
        try:
            counts[column] = parse_count(row[column])
        except ValueError:
            problem = "is negative" if row[column].strip().startswith("-") else "is not a whole number"
            raise CsvImportError(line, column, f"{row[column].strip()!r} {problem}") from None
    if counts["population"] is None:
        raise CsvImportError(line, "population", "is missing (every row needs the county's population)")
    if counts["population"] == 0:
        raise CsvImportError(line, "population", "is zero; a county's population must be above zero")
    source = " ".join(row["source"].split())
    if not source:
        raise CsvImportError(line, "source", "is missing (say where the figures come from)")
    if len(source) > SOURCE_LENGTH:
        raise CsvImportError(line, "source", f"is longer than {SOURCE_LENGTH} characters")
    return StatisticRow(
        line=line,
        county_fips=fips,
        year=int(year_text),
        offenses=counts["offenses"],
        population=counts["population"],
        source=source,
    )
