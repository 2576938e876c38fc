"""Parsing and checking of the applications CSV, with no database access: text in, rows or errors out.

The header is fixed (IMPORT_COLUMNS). Counties are matched against the names and FIPS codes the caller
passes in, so the parser stays pure; the writing is grants.services.imports.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .ubi import is_valid_ubi, normalize_ubi

IMPORT_COLUMNS = (
    "reference",
    "organization",
    "organization_type",
    "counties",
    "communities",
    "public_safety_engagement_experience",
    "community_engagement",
    "law_enforcement_partner",
    "dei_partner",
    "measurable_goals",
    "requested_amount",
    "status",
)
# Columns a file may add after the fixed ones; files without them still import.
OPTIONAL_COLUMNS = ("organization_ubi",)
FLAG_COLUMNS = (
    "public_safety_engagement_experience",
    "community_engagement",
    "law_enforcement_partner",
    "dei_partner",
    "measurable_goals",
)
ORGANIZATION_TYPES = ("public_agency", "nonprofit", "law_enforcement", "for_profit")
STATUSES = ("submitted", "withdrawn")
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})
AMOUNT = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
# A round gets tens of applications (31 in the 2021 pilot); a file far larger is a mistake or an attack, and is
# refused when its row MAX_ROWS + 1 is read, before the rest of it is read.
MAX_ROWS = 20_000
NUL_MESSAGE = "contains a NUL byte: this is not a text CSV file (save it as 'CSV UTF-8' and try again)"


class CsvImportError(ValueError):
    """One problem in the file, named by line and column."""

    def __init__(self, line, column, message):
        self.line = line
        self.column = column
        self.message = message
        where = f"line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ImportRow:
    line: int
    reference: str
    organization: str
    organization_type: str
    county_fips: tuple
    communities: tuple
    public_safety_engagement_experience: bool
    community_engagement: bool
    law_enforcement_partner: bool
    dei_partner: bool
    measurable_goals: bool
    requested_amount: Decimal | None
    status: str
    organization_ubi: str = ""


def parse_flag(value):
    """yes/no, y/n, true/false, 1/0 in any case; anything else is None."""
    word = value.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_amount(value):
    """'$120,000.50' → Decimal('120000.50'); '' → None; anything else raises ValueError."""
    text = value.strip()
    if not text:
        return None
    if not AMOUNT.match(text):
        raise ValueError(value)
    try:
        return Decimal(text.lstrip("$").strip().replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already rules this out
        raise ValueError(value) from exc


def split_list(value):
    return [item.strip() for item in value.split(";") if item.strip()]


def county_lookup(counties):
    """A lookup from lower-case name and FIPS code to FIPS code, from (fips, name) pairs."""
    lookup = {}
    for fips, name in counties:
        lookup[name.casefold()] = fips
        lookup[fips] = fips
    return lookup


def _csv_problem(reader, error):
    """csv.Error → a CsvImportError a person can act on (NUL bytes, an enormous field)."""
    line = max(reader.line_num, 1)
    text = str(error)
    if "NUL" in text:
        return CsvImportError(
            line,
            "",
            "contains a NUL byte: this is not a text CSV file (save it as 'CSV UTF-8' and try again)",
        )
    if "field larger than field limit" in text:
        return CsvImportError(
            line, "", f"a field is longer than {csv.field_size_limit():,} characters (is a quote left open?)"
        )
    return CsvImportError(line, "", f"is not valid CSV ({text})")


def _rows(reader):
    """The reader's rows, with csv errors turned into CsvImportError."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_problem(reader, error) from None
        yield values


def parse_applications_csv(source, counties, *, max_rows=MAX_ROWS):
    """Parse the whole file; return the rows, or raise CsvImportError naming the first problem.

    ``source`` is the text or an open text file, read row by row (streaming); ``counties`` is an iterable of
    (fips, name) pairs. Line numbers count the header as line 1. At most ``max_rows`` rows are accepted.
    """
    if isinstance(source, str):
        source = io.StringIO(source.removeprefix("\ufeff"))
    reader = csv.reader(source)
    rows_of_file = _rows(reader)
    try:
        header = next(rows_of_file)
    except StopIteration:
        raise CsvImportError(1, "", "the file is empty") from None
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    header = [name.strip() for name in header]
    optional = tuple(header[len(IMPORT_COLUMNS) :])
    if tuple(header[: len(IMPORT_COLUMNS)]) != IMPORT_COLUMNS or not set(optional) <= set(OPTIONAL_COLUMNS):
        missing = [c for c in IMPORT_COLUMNS if c not in header]
        unknown = [c for c in header if c not in IMPORT_COLUMNS + OPTIONAL_COLUMNS]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if unknown:
            detail.append("unknown " + ", ".join(unknown))
        if not detail:
            detail.append("columns are out of order")
        raise CsvImportError(
            1,
            "",
            "the header must be "
            + ",".join(IMPORT_COLUMNS)
            + " (optionally followed by "
            + ",".join(OPTIONAL_COLUMNS)
            + "; "
            + "; ".join(detail)
            + ")",
        )
    columns = IMPORT_COLUMNS + optional
    lookup = county_lookup(counties)
    rows = []
    seen = {}
    for values in rows_of_file:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        for index, value in enumerate(values):
            if "\x00" in value:
                # The csv module reads NUL bytes; the database would refuse them (PostgreSQL) mid-import.
                column = columns[index] if index < len(columns) else ""
                raise CsvImportError(line, column, NUL_MESSAGE)
        if len(rows) >= max_rows:
            raise CsvImportError(
                line, "", f"the file has more than {max_rows:,} applications; split it into smaller files"
            )
        if len(values) != len(columns):
            raise CsvImportError(line, "", f"expected {len(columns)} columns, found {len(values)}")
        row = dict(zip(columns, values, strict=True))
        rows.append(_parse_row(line, row, lookup))
        reference = rows[-1].reference
        if reference in seen:
            raise CsvImportError(
                line, "reference", f"{reference!r} is already used on line {seen[reference]}"
            )
        seen[reference] = line
    return rows


def _parse_row(line, row, lookup):
    reference = row["reference"].strip()
    if not reference:
        raise CsvImportError(line, "reference", "is empty")
    if len(reference) > 40:
        raise CsvImportError(line, "reference", "is longer than 40 characters")
    organization = " ".join(row["organization"].split())
    if not organization:
        raise CsvImportError(line, "organization", "is empty")
    if len(organization) > 200:
        raise CsvImportError(line, "organization", "is longer than 200 characters")
    org_type = row["organization_type"].strip().casefold().replace("-", "_").replace(" ", "_")
    if org_type not in ORGANIZATION_TYPES:
        raise CsvImportError(
            line,
            "organization_type",
            f"{row['organization_type']!r} is not one of " + ", ".join(ORGANIZATION_TYPES),
        )
    fips = []
    for name in split_list(row["counties"]):
        code = lookup.get(name.casefold())
        if code is None:
            raise CsvImportError(line, "counties", f"{name!r} is not a Washington county name or FIPS code")
        if code not in fips:
            fips.append(code)
    communities = tuple(dict.fromkeys(" ".join(c.split()) for c in split_list(row["communities"])))
    flags = {}
    for column in FLAG_COLUMNS:
        flag = parse_flag(row[column])
        if flag is None:
            raise CsvImportError(line, column, f"{row[column]!r} is not yes/no, y/n, true/false or 1/0")
        flags[column] = flag
    try:
        amount = parse_amount(row["requested_amount"])
    except ValueError:
        raise CsvImportError(
            line, "requested_amount", f"{row['requested_amount']!r} is not an amount such as $120,000.00"
        ) from None
    status = row["status"].strip().casefold() or "submitted"
    if status not in STATUSES:
        raise CsvImportError(line, "status", f"{row['status']!r} is not submitted or withdrawn")
    ubi = normalize_ubi(row.get("organization_ubi", "").strip())
    if ubi and not is_valid_ubi(ubi):
        raise CsvImportError(
            line,
            "organization_ubi",
            f"{row['organization_ubi']!r} is not a nine-digit UBI such as 602 123 456",
        )
    return ImportRow(
        line=line,
        reference=reference,
        organization=organization,
        organization_type=org_type,
        county_fips=tuple(fips),
        communities=communities,
        requested_amount=amount,
        status=status,
        organization_ubi=ubi,
        **flags,
    )
