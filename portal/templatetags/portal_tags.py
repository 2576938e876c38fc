"""Template filters shared by every page."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()

_ALERT_CLASSES = {
    "debug": "alert-secondary",
    "info": "alert-info",
    "success": "alert-success",
    "warning": "alert-warning",
    "error": "alert-danger",
}


@register.filter
def alert_class(tags):
    """The Bootstrap alert class for a Django message level."""
    for tag in (tags or "").split():
        if tag in _ALERT_CLASSES:
            return _ALERT_CLASSES[tag]
    return "alert-info"


@register.filter
def money(value, places=2):
    """A dollar amount in the active language's number format: ``$1,234.50``. Never goes through float."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    sign = "-" if amount < 0 else ""
    return f"{sign}${number_format(abs(amount), decimal_pos=int(places), use_l10n=True, force_grouping=True)}"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, for pagination and sort links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def verbose_name(model):
    """A model class's human name, e.g. in the audit log."""
    return model._meta.verbose_name
