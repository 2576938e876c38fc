"""Templates ask the lifecycle tables (grants.lifecycles) which state to show and which buttons to offer.

``{{ award|state_label }}`` shows the current state, derived ones included ("Ended", "Funded");
``{% if application|can:"withdraw" %}`` shows a button only when the table allows the transition now.
"""

from django import template

from ..lifecycles import lifecycle_of

register = template.Library()


@register.filter
def state_label(record):
    return lifecycle_of(record).display(record)


@register.filter
def state_code(record):
    return lifecycle_of(record).state_of(record)


@register.filter
def can(record, action):
    return lifecycle_of(record).can(record, action)
