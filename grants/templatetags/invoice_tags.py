"""Template helpers of disbursements: an invoice's status badge and money in dollars and cents."""

from decimal import Decimal

from django import template

from ..lifecycles.invoices import INVOICE

register = template.Library()

CSS = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "approved": "text-bg-info",
    "paid": "text-bg-success",
}


@register.inclusion_tag("grants/_state_badge.html")
def invoice_badge(status):
    return {"label": INVOICE.states.get(status, status), "css": CSS.get(status, "text-bg-secondary")}


@register.filter
def money(value):
    """$1,234.50; an empty cell for None."""
    if value is None or value == "":
        return ""
    return f"${Decimal(value):,.2f}".replace("$-", "−$")
