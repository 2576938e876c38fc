"""Template tags for award decisions shown to applicants."""

from django import template

from ..selectors.awards import decisions_for_applicant
from ..ubi import format_ubi

register = template.Library()


@register.inclusion_tag("grants/applicant/_decisions.html", takes_context=True)
def applicant_decisions(context):
    """The final decisions on the signed-in applicant's applications (empty before a round is finalized)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    decisions = decisions_for_applicant(user) if user is not None and user.is_authenticated else []
    return {"decisions": decisions}


@register.filter
def ubi(value):
    """A UBI grouped by three digits, as the state writes it (602 123 456)."""
    return format_ubi(value)
