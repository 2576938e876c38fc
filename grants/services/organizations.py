"""Organization profiles, memberships and invitations."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import notify

from ..models import Invitation, Membership, Organization
from ..permissions import check_permission
from .errors import ServiceError


@transaction.atomic
def create_organization(*, by, **fields):
    """Create an organization profile; the person who creates it becomes its owner."""
    organization = Organization(**fields)
    organization._change_reason = "Organization profile created"
    organization.save()
    Membership.objects.create(user=by, organization=organization, role=Membership.Role.OWNER)
    return organization


@transaction.atomic
def invite_member(organization, *, email, role, by):
    """An owner invites a colleague by email: each person gets a login of their own."""
    check_permission("organization.manage_members", by, organization)
    email = email.strip().lower()
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, is_active=True
    ).exists():
        raise ServiceError(_("%(email)s is already a member of this organization.") % {"email": email})
    invitation = Invitation.objects.create(organization=organization, email=email, role=role, invited_by=by)
    notify(
        template="invitation",
        email=email,
        language=by.preferred_language,
        context={
            "organization": organization.legal_name,
            "invited_by": str(by),
            "token": invitation.token,
            "role": role,
        },
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, user):
    """The invited person joins the organization. The invitation must be open and addressed to their email."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise ServiceError(_("This invitation has expired or was already used. Ask the owner for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ServiceError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.role = invitation.role
        membership._change_reason = "Re-joined by invitation"
        membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    return membership


@transaction.atomic
def revoke_invitation(invitation, *, by):
    check_permission("organization.manage_members", by, invitation.organization)
    invitation.revoked_at = timezone.now()
    invitation._change_reason = f"Cancelled by {by.email}"
    invitation.save()
    return invitation
