"""Formatting for the reports (English, as the report content is)."""

from django import template

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
