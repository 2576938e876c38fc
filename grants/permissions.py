"""Permissions as data: who may do what to which object, in one map read by views and services alike.

``PERMISSIONS`` maps an action name ("application.withdraw", "award.amend", "invoice.release_payment" …)
to a rule ``rule(user, obj) -> Permission``. Views ask ``has_permission`` (and show the reason), services
call ``check_permission`` so a crafted POST is refused like the page. Modelled on Hypha's
``permissions_map``; django-rules was considered and not used because its predicates return bare booleans,
and a refusal here carries the reason a page shows.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .services.errors import ServiceError


class PermissionRefused(ServiceError):
    """The user may not do this; the message says why."""


@dataclass(frozen=True)
class Permission:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOWED = Permission(True)


def refused(reason):
    return Permission(False, reason)


# action → rule(user, obj) -> Permission. Filled in by the "One truth" work; one entry per action.
PERMISSIONS = {}


def has_permission(action, user, obj=None):
    rule = PERMISSIONS.get(action)
    if rule is None:
        raise KeyError(f"No permission rule for {action!r}")
    if user is None or not user.is_authenticated:
        return refused(_("Sign in to continue."))
    return rule(user, obj)


def check_permission(action, user, obj=None):
    """Raise PermissionRefused unless ``user`` may do ``action`` to ``obj``."""
    permission = has_permission(action, user, obj)
    if not permission:
        raise PermissionRefused(permission.reason)
