"""Formatting for the reports (English, as the report content is)."""

from datetime import date

from django import template
from django.utils.translation import gettext as _

from reporting.tables import INTEGER, MONEY, format_value

register = template.Library()


@register.filter
def report_money(value):
    return format_value(value, MONEY)


@register.filter
def filesize(size):
    """Bytes in KB or MB, as the reports page shows them."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _day(value):
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


@register.filter
def human_parameters(parameters):
    """A run's parameters as people say them: "Period: 1 Oct 2021 to 30 Sep 2023 (en dash)", "As of 15 Dec 2021"."""
    parameters = parameters or {}
    parts = []
    if "as_of" in parameters:
        parts.append(_("As of %(day)s") % {"day": _day(parameters["as_of"])})
    if "period_start" in parameters and "period_end" in parameters:
        parts.append(
            _("Period: %(start)s – %(end)s")
            % {"start": _day(parameters["period_start"]), "end": _day(parameters["period_end"])}
        )
    if "year" in parameters:
        parts.append(_("Year %(year)s") % {"year": parameters["year"]})
    return "; ".join(parts) or _("The round's funding period")


@register.filter
def report_int(value):
    """A whole number with thousands separators: 1,234."""
    return format_value(value, INTEGER)


@register.filter
def report_signed(value, places=2):
    """A change with its sign: +1.25, -0.40 (— when there is none)."""
    if value is None:
        return "—"
    return f"{value:+,.{int(places)}f}"


@register.filter
def report_rate(value, places=2):
    """A rate or share without a sign: 31.25 (— when there is none)."""
    if value is None:
        return "—"
    return f"{value:,.{int(places)}f}"
