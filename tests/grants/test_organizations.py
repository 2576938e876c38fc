"""Organization profiles, members and invitations: one login per person, and only members see the profile."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from grants.models import Membership, Organization
from grants.services import ServiceError
from grants.services.organizations import accept_invitation, invite_member
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_a_profile_makes_its_creator_the_owner(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("grants:organization_create"),
        {"legal_name": "Spokane Youth Council", "org_type": "nonprofit", "contact_email": "info@syc.example"},
    )
    organization = Organization.objects.get(legal_name="Spokane Youth Council")
    assert response.url == reverse("grants:organization_detail", args=[organization.pk])
    assert Membership.objects.get(organization=organization).role == Membership.Role.OWNER


def test_a_form_with_errors_keeps_what_was_typed(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("grants:organization_create"),
        {"legal_name": "Kept Name Inc", "org_type": "", "contact_email": "not-an-email"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Kept Name Inc"' in content
    assert "Enter a valid email address." in content


def test_another_organizations_profile_is_not_found(client):
    membership = MembershipFactory()
    outsider = UserFactory()
    client.force_login(outsider)
    for name in ["organization_detail", "organization_edit", "member_invite"]:
        response = client.get(reverse(f"grants:{name}", args=[membership.organization_id]))
        assert response.status_code == 404, name


def test_owner_invites_a_colleague_who_accepts_with_their_own_login(
    client, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(role=Membership.Role.OWNER)
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("grants:member_invite", args=[owner.organization_id]),
            {"email": "Colleague@Example.org", "role": "member"},
        )
    assert len(mail.outbox) == 1
    assert "/invitations/" in mail.outbox[0].body
    token = mail.outbox[0].body.split("/invitations/")[1].split("/")[0]

    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    response = client.post(reverse("grants:invitation_accept", args=[token]))
    assert response.url == reverse("grants:organization_detail", args=[owner.organization_id])
    assert Membership.objects.get(user=colleague).role == Membership.Role.MEMBER


def test_only_owners_can_invite():
    member = MembershipFactory(role=Membership.Role.MEMBER)
    with pytest.raises(ServiceError):
        invite_member(member.organization, email="x@example.org", role="member", by=member.user)


def test_invitation_for_another_email_is_refused():
    invitation = InvitationFactory(email="right@example.org")
    with pytest.raises(ServiceError, match=r"right@example\.org"):
        accept_invitation(invitation, user=UserFactory(email="wrong@example.org"))


def test_expired_invitation_is_refused_with_a_clear_message(client):
    invitation = InvitationFactory(created_at=timezone.now() - timedelta(days=15))
    client.force_login(UserFactory(email=invitation.email))
    response = client.post(reverse("grants:invitation_accept", args=[invitation.token]), follow=True)
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(
        organization=invitation.organization, user__email=invitation.email
    ).exists()


def test_changes_are_recorded_with_who_and_why(client, applicant):
    membership = MembershipFactory(user=applicant)
    client.force_login(applicant)
    client.post(
        reverse("grants:organization_edit", args=[membership.organization_id]),
        {"legal_name": "Renamed Partners", "org_type": "nonprofit"},
    )
    latest = membership.organization.history.latest()
    assert latest.legal_name == "Renamed Partners"
    assert latest.history_user == applicant
    assert latest.history_change_reason == "Profile edited"
