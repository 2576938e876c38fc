"""Permissions as data: who may do what to which object, in one map read by views and services alike.

``PERMISSIONS`` maps an action name ("application.withdraw", "award.amend", "invoice.release_payment" …)
to a rule ``rule(user, obj) -> Permission``. Views ask ``has_permission`` (through
``grants.views.access.permission_required``, which also handles sign-in and the staff MFA gate) and show the
reason; services call ``check_permission`` so a crafted POST is refused like the page. Modelled on Hypha's
``permissions_map``; django-rules was considered and not used because its predicates return bare booleans,
and a refusal here carries the reason a page shows.

Object-level refusals about another organization's records are *hidden* (the page answers 404, not 403), so
ids of other organizations' applications, reports and awards are not confirmed to exist.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User

from .services.errors import ServiceError

Role = User.Role
# The roles that may be assigned reviews (reviewers and program managers).
REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.PROGRAM_MANAGER})


class PermissionRefused(ServiceError):
    """The user may not do this; the message says why."""


@dataclass(frozen=True)
class Permission:
    allowed: bool
    reason: str = ""
    is_hidden: bool = False  # answer "not found": the object belongs to someone else

    def __bool__(self):
        return self.allowed


ALLOWED = Permission(True)


def refused(reason, *, hidden=False):
    return Permission(False, str(reason), is_hidden=hidden)


# Who the roles are. Program managers are Commerce staff; reviewers (staff or panelists) only review.
def is_program_manager(user):
    return user.is_active and user.role == Role.PROGRAM_MANAGER


def is_reviewer(user):
    """Reviewers and program managers: the people who may be assigned a review."""
    return user.is_active and user.role in REVIEWER_ROLES


def _organization_id(obj):
    """The organization an object belongs to (an organization, application, award, quarter, report…)."""
    from .models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    for path in ("organization_id", "application.organization_id", "award.organization_id",
                 "period.award.organization_id"):  # fmt: skip
        value = obj
        try:
            for name in path.split("."):
                value = getattr(value, name)
        except AttributeError:
            continue
        return value
    raise TypeError(f"{obj!r} belongs to no organization")


def _membership(user, obj):
    from .models import Membership

    return Membership.objects.filter(user=user, organization_id=_organization_id(obj), is_active=True).first()


# Rules --------------------------------------------------------------------------------------------------


def signed_in(user, obj=None):
    return ALLOWED


def program_staff(user, obj=None):
    if is_program_manager(user):
        return ALLOWED
    return refused(_("This page is for Commerce program staff only."))


def reviewers(user, obj=None):
    if is_reviewer(user):
        return ALLOWED
    return refused(_("This page is for Commerce reviewers only."))


def member(user, obj=None):
    """An active member of the object's organization (any signed-in person when there is no object yet)."""
    if obj is None or _membership(user, obj) is not None:
        return ALLOWED
    return refused(_("Only members of the organization can work on its records."), hidden=True)


def member_of_applicant(user, obj=None):
    if obj is None or _membership(user, obj) is not None:
        return ALLOWED
    return refused(_("Only members of the organization can work on its applications."), hidden=True)


def owner(user, obj=None):
    if obj is None:
        return ALLOWED
    membership = _membership(user, obj)
    if membership is None:
        return refused(_("Only members of the organization can see it."), hidden=True)
    if not membership.is_owner:
        return refused(_("Only an owner of the organization can manage its members and invitations."))
    return ALLOWED


def member_or_staff(user, obj=None):
    """The organization's members, and program staff (who screen and review its records)."""
    if is_program_manager(user):
        return ALLOWED
    return member(user, obj)


def assigned_reviewer(user, obj=None):
    """The reviewer the assignment names, before a conflict of interest recused them."""
    if not is_reviewer(user):
        return refused(_("This page is for Commerce reviewers only."))
    if obj is None:
        return ALLOWED
    if obj.reviewer_id != user.pk:
        return refused(_("This review is assigned to someone else."), hidden=True)
    if obj.status == obj.Status.RECUSED:
        return refused(
            _(
                "You are recused from this application: you declared a conflict of interest, so you cannot "
                "see or score it."
            )
        )
    return ALLOWED


def assignee(user, obj=None):
    """The reviewer the assignment names (a declaration is made before anything else)."""
    if not is_reviewer(user):
        return refused(_("This page is for Commerce reviewers only."))
    if obj is not None and obj.reviewer_id != user.pk:
        return refused(_("This review is assigned to someone else."), hidden=True)
    return ALLOWED


def may_be_assigned(user, obj=None):
    """``user`` here is the person to be assigned, not the one assigning."""
    if is_reviewer(user):
        return ALLOWED
    return refused(_("%(person)s is not a Commerce reviewer.") % {"person": user})


# action → rule(user, obj) -> Permission. One entry per action; the obj each rule expects is named.
PERMISSIONS = {
    # Applicants and grantees (obj: the organization, application, award, reporting period or report)
    "dashboard.view": signed_in,
    "applicant.home": signed_in,
    "organization.create": signed_in,
    "organization.view": member,
    "organization.edit": member,
    "organization.manage_members": owner,
    "invitation.accept": signed_in,  # the service checks the invitation is addressed to the person
    "application.start": member_of_applicant,
    "application.view": member_of_applicant,
    "file.download": member_or_staff,  # attachments and commitment letters
    "application.edit": member_of_applicant,
    "application.submit": member_of_applicant,
    "application.withdraw": member_of_applicant,
    "quarterly.view": member,
    "quarterly.edit": member,
    "quarterly.submit": member,
    # Commerce program staff
    "round.manage": program_staff,
    "staff.home": reviewers,  # the work queue: program managers, and reviewers their assignments
    "application.screen": program_staff,
    "application.override_eligibility": program_staff,
    "review.manage": program_staff,  # rubric, reviewer load, ranking
    "review.assign": program_staff,
    "review.reopen": program_staff,
    "decision.record": program_staff,
    "round.finalize": program_staff,
    "award.view": program_staff,
    "award.amend": program_staff,
    "award.change_status": program_staff,
    "quarterly.review": program_staff,
    "metric.manage": program_staff,
    "report.view": program_staff,
    "report.generate": program_staff,
    "report.publish": program_staff,
    "audit.view": program_staff,
    # Reviewers (obj: the review assignment)
    "review.home": reviewers,
    "review.declare": assignee,
    "review.score": assigned_reviewer,
    "review.be_assigned": may_be_assigned,
}


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
    # Another organization's invoice or award is not confirmed to exist (404), like its other records.
    return refused(_("Only the owner or a member of the grantee organization can do this."), hidden=True)


def _program_manager(user, obj):
    if is_program_manager(user):
        return ALLOWED
    return refused(_("Only a Commerce program manager can do this."))


def _disbursement_staff(user, obj):
    if user.is_active and user.role in {Role.PROGRAM_MANAGER, Role.FISCAL}:
        return ALLOWED
    return refused(_("Only Commerce program managers and fiscal officers can do this."))


def _staff_or_member(user, obj):
    staff = _disbursement_staff(user, obj)
    return staff if staff else _grantee_member(user, getattr(obj, "invoice", obj))


def _release_payment(user, invoice):
    """Two-person rule: a fiscal officer who neither approved nor submitted this invoice releases its payment."""
    if not _fiscal(user, invoice):
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
    if user.is_active and user.role == Role.FISCAL:
        return ALLOWED
    return refused(_("Only a Commerce fiscal officer can do this."))


PERMISSIONS.update(
    {
        "invoice.view": _grantee_member,
        "invoice.receipt": _staff_or_member,
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
