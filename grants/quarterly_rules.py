"""The rules a quarterly report's values follow: plain functions, no database, no HTTP.

A metric here is anything with ``code``, ``kind``, ``is_required``, ``min_value``, ``max_value`` and
``label_text`` (the Metric model, or a stand-in in tests). Every message names the metric it is about.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
PERCENT_MAX = Decimal("100")
# MetricValue.number holds 14 digits with 2 decimals.
NUMBER_LIMIT = Decimal("999999999999.99")


class RuleError(ValueError):
    """A value breaks a rule; ``str(error)`` is the translated message for the person who typed it."""


@dataclass(frozen=True)
class Checked:
    """A report's values after the rules: what could be read, and a message per metric code that could not."""

    values: dict
    errors: dict

    @property
    def is_valid(self):
        return not self.errors


def _number(metric, raw):
    text = raw.strip().replace(",", "").replace("$", "").replace("%", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise RuleError(_("%(metric)s: enter a number.") % {"metric": metric.label_text}) from exc
    if not number.is_finite():
        raise RuleError(_("%(metric)s: enter a number.") % {"metric": metric.label_text})
    return number


def clean_value(metric, raw):
    """The value typed for a metric, checked: Decimal for numbers, str for text, None when left empty.

    Counts are whole and not negative, percentages 0 to 100, money exact to the cent and not negative;
    staff-configured ranges (``min_value``/``max_value``) apply to every number.
    """
    raw = "" if raw is None else str(raw)
    if metric.kind == "text":
        return raw.strip() or None
    if not raw.strip():
        return None
    number = _number(metric, raw)
    if abs(number) > NUMBER_LIMIT:
        raise RuleError(_("%(metric)s: the number is too large.") % _label(metric))
    if metric.kind == "count":
        if number != number.to_integral_value():
            raise RuleError(_("%(metric)s: enter a whole number (no decimals).") % _label(metric))
        if number < 0:
            raise RuleError(_("%(metric)s: a count cannot be negative.") % _label(metric))
        number = number.quantize(Decimal("1"))
    elif metric.kind == "percentage":
        if not Decimal("0") <= number <= PERCENT_MAX:
            raise RuleError(_("%(metric)s: enter a percentage from 0 to 100.") % _label(metric))
        if number != number.quantize(CENT):
            raise RuleError(_("%(metric)s: use at most two decimals.") % _label(metric))
    elif metric.kind == "money":
        if number < 0:
            raise RuleError(_("%(metric)s: an amount cannot be negative.") % _label(metric))
        if number != number.quantize(CENT):
            raise RuleError(_("%(metric)s: enter dollars and cents (at most two decimals).") % _label(metric))
        number = number.quantize(CENT)
    if metric.min_value is not None and number < metric.min_value:
        raise RuleError(
            _("%(metric)s: the value must be at least %(minimum)s.")
            % {**_label(metric), "minimum": _plain(metric.min_value)}
        )
    if metric.max_value is not None and number > metric.max_value:
        raise RuleError(
            _("%(metric)s: the value must be at most %(maximum)s.")
            % {**_label(metric), "maximum": _plain(metric.max_value)}
        )
    return number


def _label(metric):
    """The message argument naming the metric; built only when a message is (label_text is not free)."""
    return {"metric": metric.label_text}


def _plain(number):
    """2.00 → "2", 61.50 → "61.5": how a percentage or a limit reads."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal("1")))
    return str(number).rstrip("0")


def format_value(metric, value):
    """A stored value as the text a person would type (the form and CSV round-trip through this)."""
    return format_by_kind(metric.kind, value)


def format_by_kind(kind, value):
    if value is None or value == "":
        return ""
    if kind == "text":
        return str(value)
    value = Decimal(value)
    if kind == "count":
        return str(value.quantize(Decimal("1")))
    if kind == "money":
        return str(value.quantize(CENT))
    return _plain(value)


def check_values(metrics, raw_values, *, require_all=True):
    """Apply the value rules to every metric. ``raw_values`` maps code → text typed.

    With ``require_all`` (submitting), required metrics left empty are errors; a draft may be incomplete.
    """
    values, errors = {}, {}
    for metric in metrics:
        try:
            value = clean_value(metric, raw_values.get(metric.code))
        except RuleError as error:
            errors[metric.code] = str(error)
            continue
        if value is None and require_all and metric.is_required:
            errors[metric.code] = _("%(metric)s is required.") % {"metric": metric.label_text}
        values[metric.code] = value
    return Checked(values=values, errors=errors)


def expenditure_error(award_amount, spent_in_other_quarters, this_quarter):
    """The message when this quarter's spending takes the award's cumulative spending over the award.

    None when it fits. ``spent_in_other_quarters`` is the sum over the award's other reports.
    """
    if this_quarter is None:
        return None
    total = spent_in_other_quarters + this_quarter
    if total > award_amount:
        return _(
            "Expenditures: the total spent over all quarters (%(total)s) would exceed the award amount "
            "(%(award)s)."
        ) % {"total": f"${total:,.2f}", "award": f"${award_amount:,.2f}"}
    return None
