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


# --- Disbursements (issue 12): invoices, budgets, ledger and payments -------------------------------------
def _is_member(user, award):
    from .models import Membership

    return Membership.objects.filter(
        user=user, organization_id=award.organization_id, is_active=True
    ).exists()


def _award_of(obj):
    return getattr(obj, "award", obj)


def _grantee_member(user, obj):
    if _is_member(user, _award_of(obj)):
        return ALLOWED
    return refused(_("Only the owner or a member of the grantee organization can do this."))


def _program_manager(user, obj):
    from accounts.models import User

    if user.role == User.Role.PROGRAM_MANAGER:
        return ALLOWED
    return refused(_("Only a Commerce program manager can do this."))


def _disbursement_staff(user, obj):
    from accounts.models import User

    if user.role in {User.Role.PROGRAM_MANAGER, User.Role.FISCAL}:
        return ALLOWED
    return refused(_("Only Commerce program managers and fiscal officers can do this."))


def _staff_or_member(user, obj):
    staff = _disbursement_staff(user, obj)
    return staff if staff else _grantee_member(user, obj)


def _release_payment(user, invoice):
    """Two-person rule: a fiscal officer who neither approved nor submitted this invoice releases its payment."""
    from accounts.models import User

    if user.role != User.Role.FISCAL:
        return refused(_("Only a Commerce fiscal officer can release a payment."))
    if invoice is not None and invoice.approved_by_id == user.pk:
        return refused(_("You approved this invoice, so another person must release its payment."))
    if invoice is not None and invoice.submitted_by_id == user.pk:
        return refused(_("You submitted this invoice, so another person must release its payment."))
    return ALLOWED


def _approve(user, invoice):
    allowed = _program_manager(user, invoice)
    if allowed and invoice is not None and invoice.submitted_by_id == user.pk:
        return refused(_("You submitted this invoice, so another person must review it."))
    return allowed


def _fiscal(user, obj):
    from accounts.models import User

    if user.role == User.Role.FISCAL:
        return ALLOWED
    return refused(_("Only a Commerce fiscal officer can do this."))


PERMISSIONS.update(
    {
        "invoice.view": _staff_or_member,
        "invoice.edit": _grantee_member,
        "invoice.submit": _grantee_member,
        "invoice.approve": _approve,
        "invoice.return": _approve,
        "invoice.release_payment": _release_payment,
        "invoice.board": _disbursement_staff,
        "budget.amend": _program_manager,
        "ledger.view": _staff_or_member,
        "payments.export": _disbursement_staff,
        "payments.import": _fiscal,
    }
)
