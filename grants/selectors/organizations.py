"""Reads about organizations and their people."""

from django.http import Http404

from ..models import Invitation, Membership


def memberships_of(user):
    """The organizations a person acts for, owners first."""
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("role", "organization__legal_name")
    )


def membership_or_404(user, organization_id):
    """The person's membership of that organization; 404 (not 403) so ids of others are not confirmed."""
    try:
        return Membership.objects.select_related("organization").get(
            user=user, organization_id=organization_id, is_active=True
        )
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


def members_of(organization):
    return Membership.objects.filter(organization=organization, is_active=True).select_related("user")


def open_invitations(organization):
    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
