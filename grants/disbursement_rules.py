"""The money rules of disbursements as plain functions: no ORM, no HTTP, so they are tested on their own.

Reimbursement (RCW 43.330.545: Commerce adopts procedures for the disbursement of funds and tracks their
proper use): the grantee bills what it spent by budget line; what is paid plus what is pending never exceeds
the award, nor a line beyond the round's tolerance; nothing is paid after the award ends or is terminated,
except its final invoice within the round's grace period.
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# How an award's amount is split into lines when the application gave no split (the CLEP application asks
# for a total and a narrative only): a typical community-partnership budget, in percent; staff then set
# the real lines with a reason.
DEFAULT_SPLIT = {
    "personnel": Decimal("55"),
    "contracted_services": Decimal("15"),
    "training": Decimal("10"),
    "supplies": Decimal("8"),
    "travel": Decimal("4"),
    "indirect": Decimal("8"),
    "other": Decimal("0"),
}


class MoneyError(ValueError):
    """Not an amount of money the portal accepts; the message says why."""


def dollars(amount):
    return f"${amount:,.2f}"


def parse_money(text):
    """A non-negative amount in dollars and cents from what a person typed ("1,250.50", "$80"); blank → None."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = str(text).strip().replace(",", "").replace("$", "")
        if not cleaned:
            return None
        try:
            value = Decimal(cleaned)
        except InvalidOperation as error:
            raise MoneyError(_("Enter an amount in dollars, such as 1250.50.")) from error
    if not value.is_finite():
        raise MoneyError(_("Enter an amount in dollars, such as 1250.50."))
    if value.as_tuple().exponent < -2 and value != value.quantize(CENT):
        raise MoneyError(_("Enter at most two decimals (dollars and cents)."))
    if value < 0:
        raise MoneyError(_("An amount cannot be negative."))
    if value >= Decimal("10000000000"):
        raise MoneyError(_("This amount is too large."))
    return value.quantize(CENT)


def default_lines(amount, categories=DEFAULT_SPLIT):
    """{category: amount} adding up exactly to ``amount``; the rounding remainder goes to the first line."""
    lines = {
        code: (amount * percent / 100).quantize(CENT, rounding=ROUND_DOWN)
        for code, percent in categories.items()
    }
    first = next(iter(lines))
    lines[first] += amount - sum(lines.values(), ZERO)
    return lines


def line_ceiling(line_amount, tolerance_percent):
    """The most that may be paid and pending on a line without an amendment."""
    return (line_amount * (1 + tolerance_percent / 100)).quantize(CENT, rounding=ROUND_DOWN)


def limit_errors(*, award_amount, lines, tolerance_percent, committed, adding, labels):
    """{category or "__all__": message} when ``adding`` on top of ``committed`` (paid + pending, by line)
    would exceed the award or a line's ceiling; empty when it fits."""
    errors = {}
    total_committed = sum(committed.values(), ZERO)
    total_adding = sum(adding.values(), ZERO)
    if total_committed + total_adding > award_amount:
        errors["__all__"] = _(
            "This invoice (%(amount)s) is more than the award's remaining balance of %(left)s "
            "(award %(award)s, already paid or pending %(committed)s)."
        ) % {
            "amount": dollars(total_adding),
            "left": dollars(max(award_amount - total_committed, ZERO)),
            "award": dollars(award_amount),
            "committed": dollars(total_committed),
        }
    for category, amount in adding.items():
        if not amount:
            continue
        ceiling = line_ceiling(lines.get(category, ZERO), tolerance_percent)
        already = committed.get(category, ZERO)
        if already + amount > ceiling:
            errors[category] = _(
                "%(line)s: %(amount)s is more than this line allows. The line is %(budget)s, with a "
                "tolerance of %(tolerance)s%% up to %(ceiling)s, and %(committed)s is already paid or "
                "pending, so at most %(left)s can be billed without a budget amendment."
            ) % {
                "line": labels.get(category, category),
                "amount": dollars(amount),
                "budget": dollars(lines.get(category, ZERO)),
                "tolerance": f"{tolerance_percent.normalize():f}",
                "ceiling": dollars(ceiling),
                "committed": dollars(already),
                "left": dollars(max(ceiling - already, ZERO)),
            }
    return errors


def payment_deadline(*, period_end, terminated_on=None):
    """The last day an award's ordinary invoices may be paid: its end, or the day it was terminated."""
    if terminated_on is not None:
        return min(period_end, terminated_on)
    return period_end


def payment_refusal(*, deadline, is_final, grace_days, on):
    """None when an invoice may be paid on ``on``; otherwise the reason it may not."""
    if on <= deadline:
        return None
    last_day = deadline + timedelta(days=grace_days)
    if is_final and on <= last_day:
        return None
    if is_final:
        return _(
            "The grace period for this award's final invoice ended on %(date)s; nothing more can be paid."
        ) % {"date": date_format(last_day, "DATE_FORMAT")}
    return _(
        "This award ended on %(end)s: only its final invoice can still be paid, until %(date)s. "
        "Mark this invoice as final if it is the last one."
    ) % {"end": date_format(deadline, "DATE_FORMAT"), "date": date_format(last_day, "DATE_FORMAT")}


def periods_overlap(a_start: date, a_end: date, b_start: date, b_end: date):
    return a_start <= b_end and b_start <= a_end


def quarter_of(day: date):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(label):
    year, quarter = int(label[:4]), int(label[-1])
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def spread_by_quarter(amount, start: date, end: date):
    """{quarter label: share of ``amount``} in proportion to the days of [start, end] in each quarter, exact
    to the cent (the rounding remainder goes to the last quarter)."""
    days = (end - start).days + 1
    shares = {}
    cursor = start
    while cursor <= end:
        label = quarter_of(cursor)
        _q_start, q_end = quarter_bounds(label)
        last = min(q_end, end)
        shares[label] = (amount * ((last - cursor).days + 1) / days).quantize(CENT, rounding=ROUND_DOWN)
        cursor = last + timedelta(days=1)
    if shares:
        shares[label] += amount - sum(shares.values(), ZERO)
    return shares


def is_reconciliation_flagged(reported, paid):
    """Self-reported expenditures and paid invoices of a quarter differ by more than 5% (or one is missing)."""
    if reported is None or paid is None:
        return (reported or ZERO) != (paid or ZERO)
    larger = max(reported, paid)
    return abs(reported - paid) > max(larger * Decimal("0.05"), Decimal("1.00"))
