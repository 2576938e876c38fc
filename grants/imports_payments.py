"""Reading payments made before the portal from CSV (``manage.py import_payments FILE --round SLUG``).

Pure parsing and checking; writing is grants.services.invoices.import_payments's job. One row per paid budget
line; rows with the same contract and invoice number make one invoice and must agree on its period, payment
date and reference. Line numbers count the header as line 1, as a spreadsheet shows them.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .disbursement_rules import MoneyError, parse_money
from .imports_quarterly import LineError, decode
from .models import BudgetCategory

PAYMENT_COLUMNS = [
    "contract_number",
    "invoice_number",
    "period_start",
    "period_end",
    "budget_line",
    "amount",
    "paid_on",
    "reference",
]
MAX_LINES = 100_000


@dataclass
class PaidInvoice:
    """One invoice of the file: where it starts, its shared fields and its lines {category: amount}."""

    line: int
    contract_number: str
    number: str
    period_start: date
    period_end: date
    paid_on: date
    reference: str
    lines: dict = field(default_factory=dict)


@dataclass
class ParsedPayments:
    invoices: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: int = 0
    unchanged: int = 0

    @property
    def is_valid(self):
        return not self.errors


def _day(text, line, column, errors):
    try:
        value = parse_date((text or "").strip())
    except ValueError:
        value = None
    if value is None:
        errors.append(LineError(line, column, _("Enter a date as YYYY-MM-DD.")))
    return value


def parse_payments(data, contracts):
    """Check every row of a payments file against ``contracts`` (contract number → award); collect every error."""
    parsed = ParsedPayments()
    reader = csv.reader(io.StringIO(decode(data)))
    header = next(reader, None)
    if header is None:
        parsed.errors.append(LineError(1, "-", _("The file is empty.")))
        return parsed
    if [h.strip().lower() for h in header] != PAYMENT_COLUMNS:
        parsed.errors.append(
            LineError(
                1, "-", _("The header must be exactly: %(header)s") % {"header": ",".join(PAYMENT_COLUMNS)}
            )
        )
        return parsed
    by_key = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_LINES:
            parsed.errors.append(LineError(line, "-", _("The file has too many lines.")))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(PAYMENT_COLUMNS):
            parsed.errors.append(
                LineError(
                    line, "-", _("Expected %(n)s columns, found %(found)s.") % {"n": 8, "found": len(row)}
                )
            )
            continue
        values = dict(zip(PAYMENT_COLUMNS, (cell.strip() for cell in row), strict=True))
        errors = []
        contract = values["contract_number"]
        if contract not in contracts:
            errors.append(
                LineError(line, "contract_number", _("No award of this round has this contract number."))
            )
        number = values["invoice_number"]
        if not number or len(number) > 40:
            errors.append(
                LineError(line, "invoice_number", _("Enter the invoice number (at most 40 characters)."))
            )
        start = _day(values["period_start"], line, "period_start", errors)
        end = _day(values["period_end"], line, "period_end", errors)
        paid_on = _day(values["paid_on"], line, "paid_on", errors)
        category = values["budget_line"]
        if category not in BudgetCategory.values:
            errors.append(
                LineError(
                    line,
                    "budget_line",
                    _("Unknown budget line; use one of: %(lines)s")
                    % {"lines": ", ".join(BudgetCategory.values)},
                )
            )
        try:
            amount = parse_money(values["amount"])
            if not amount:
                errors.append(LineError(line, "amount", _("Enter an amount greater than zero.")))
        except MoneyError as error:
            amount = None
            errors.append(LineError(line, "amount", str(error)))
        reference = values["reference"]
        if not reference or len(reference) > 60:
            errors.append(
                LineError(line, "reference", _("Enter the warrant or ACH number (at most 60 characters)."))
            )
        if start and end and start > end:
            errors.append(
                LineError(line, "period_end", _("The period must end on or after the day it starts."))
            )
        award = contracts.get(contract)
        if award and start and end and (start < award.period_start or end > award.period_end):
            errors.append(
                LineError(line, "period_start", _("The period is outside the award's period of performance."))
            )
        if errors:
            parsed.errors.extend(errors)
            continue
        key = (contract, number)
        invoice = by_key.get(key)
        if invoice is None:
            invoice = by_key[key] = PaidInvoice(line, contract, number, start, end, paid_on, reference)
            parsed.invoices.append(invoice)
        elif (invoice.period_start, invoice.period_end, invoice.paid_on, invoice.reference) != (
            start,
            end,
            paid_on,
            reference,
        ):
            parsed.errors.append(
                LineError(
                    line,
                    "invoice_number",
                    _(
                        "Rows of invoice %(number)s disagree on its period, payment date or reference (see line %(first)s)."
                    )
                    % {"number": number, "first": invoice.line},
                )
            )
            continue
        if category in invoice.lines:
            parsed.errors.append(
                LineError(line, "budget_line", _("This budget line appears twice for this invoice."))
            )
            continue
        invoice.lines[category] = amount
    return parsed
