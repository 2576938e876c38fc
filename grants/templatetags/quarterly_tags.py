"""Template helpers of quarterly reporting."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..selectors import quarterly as selectors

register = template.Library()

STATES = {
    selectors.ACCEPTED: (_("Accepted"), "text-bg-success"),
    selectors.SUBMITTED: (_("Submitted"), "text-bg-primary"),
    selectors.RETURNED: (_("Returned for revision"), "text-bg-warning"),
    selectors.OVERDUE: (_("Overdue"), "text-bg-danger"),
    selectors.MISSING: (_("Missing"), "text-bg-danger"),
    selectors.DUE: (_("Due"), "text-bg-warning"),
    selectors.UPCOMING: (_("Not yet due"), "text-bg-secondary"),
}


@register.inclusion_tag("grants/_state_badge.html")
def state_badge(state):
    label, css = STATES.get(state, (state, "text-bg-secondary"))
    return {"label": label, "css": css}


@register.simple_tag(takes_context=True)
def quarterly_due_items(context):
    """What the signed-in grantee has to do now: due, overdue and returned reports."""
    user = context["request"].user
    return selectors.due_soon(user) if user.is_authenticated else []
