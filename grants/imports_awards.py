"""Parsing and checking of the awards CSV (awards made before the portal), with no database access.

The header is fixed (AWARD_COLUMNS); every problem is a CsvImportError naming the line (the header is line 1)
and the column. The writing, and the checks against the round (eligibility, award cap, budget), are
grants.services.award_imports.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .imports import CsvImportError, parse_amount

AWARD_COLUMNS = ("contract_number", "reference", "amount", "period_start", "period_end", "status")
AWARD_STATUSES = ("active", "closed", "terminated")
CONTRACT_NUMBER_LENGTH = 30


@dataclass(frozen=True)
class AwardRow:
    line: int
    contract_number: str
    reference: str
    amount: Decimal
    period_start: date
    period_end: date
    status: str


def parse_date(value):
    """'2021-10-01' → date(2021, 10, 1); anything else raises ValueError."""
    text = value.strip()
    if len(text) != 10:
        raise ValueError(value)
    return date.fromisoformat(text)


def parse_awards_csv(text):
    """Parse the whole file; return the rows, or raise CsvImportError naming the first problem."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader)
    except csv.Error as error:
        raise CsvImportError(reader.line_num or 1, "", f"this is not a readable CSV file ({error})") from None


def _parse_rows(reader):
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise CsvImportError(1, "", "the file is empty") from None
    if tuple(header) != AWARD_COLUMNS:
        raise CsvImportError(1, "", "the header must be " + ",".join(AWARD_COLUMNS))
    rows = []
    contracts, references = {}, {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(AWARD_COLUMNS):
            raise CsvImportError(line, "", f"expected {len(AWARD_COLUMNS)} columns, found {len(values)}")
        row = _parse_row(line, dict(zip(AWARD_COLUMNS, values, strict=True)))
        if row.contract_number in contracts:
            raise CsvImportError(
                line,
                "contract_number",
                f"{row.contract_number!r} is already on line {contracts[row.contract_number]}",
            )
        if row.reference in references:
            raise CsvImportError(
                line,
                "reference",
                f"{row.reference!r} already has an award on line {references[row.reference]}",
            )
        contracts[row.contract_number] = references[row.reference] = line
        rows.append(row)
    if not rows:
        raise CsvImportError(2, "", "the file has no awards")
    return rows


def _parse_row(line, row):
    contract_number = row["contract_number"].strip()
    if not contract_number:
        raise CsvImportError(line, "contract_number", "is empty")
    if len(contract_number) > CONTRACT_NUMBER_LENGTH:
        raise CsvImportError(line, "contract_number", f"is longer than {CONTRACT_NUMBER_LENGTH} characters")
    reference = row["reference"].strip()
    if not reference:
        raise CsvImportError(line, "reference", "is empty")
    try:
        amount = parse_amount(row["amount"])
    except ValueError:
        amount = None
    if amount is None or amount <= 0:
        raise CsvImportError(
            line, "amount", f"{row['amount']!r} is not an amount above zero such as $95,000.00"
        )
    dates = {}
    for column in ("period_start", "period_end"):
        try:
            dates[column] = parse_date(row[column])
        except ValueError:
            raise CsvImportError(line, column, f"{row[column]!r} is not a date such as 2021-10-01") from None
    if dates["period_end"] <= dates["period_start"]:
        raise CsvImportError(line, "period_end", "the period must end after it starts")
    status = row["status"].strip().casefold()
    if status not in AWARD_STATUSES:
        raise CsvImportError(line, "status", f"{row['status']!r} is not one of " + ", ".join(AWARD_STATUSES))
    return AwardRow(
        line=line,
        contract_number=contract_number,
        reference=reference,
        amount=amount,
        status=status,
        **dates,
    )
