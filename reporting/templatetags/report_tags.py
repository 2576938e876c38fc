"""Formatting for the reports (English, as the report content is)."""

from django import template

from reporting.tables import MONEY, format_value

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
