"""Number formatting of the public dashboard (counts, not dollars; see portal_tags.money for money)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """A count or level in the active language's format: whole numbers without decimals, others with one."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    places = 0 if number == number.to_integral_value() else 1
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
