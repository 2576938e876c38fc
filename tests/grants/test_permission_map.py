"""The permission map refuses in services exactly what the pages refuse, with a reason a page can show."""

from decimal import Decimal

import pytest

from grants.permissions import PERMISSIONS, PermissionRefused, check_permission, has_permission
from grants.services import quarterly as quarterly_services
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import (
    AwardFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACTIONS_THE_ISSUE_NAMES = {
    "application.view",
    "application.edit",
    "application.withdraw",
    "application.screen",
    "application.override_eligibility",
    "review.assign",
    "review.score",
    "decision.record",
    "round.finalize",
    "award.amend",
    "award.change_status",
    "quarterly.edit",
    "quarterly.review",
    "report.generate",
    "report.publish",
    "organization.manage_members",
    "audit.view",
}


def test_the_map_has_one_entry_per_action():
    assert set(PERMISSIONS) >= ACTIONS_THE_ISSUE_NAMES
    with pytest.raises(KeyError):
        has_permission("no.such_action", UserFactory())


def test_another_organizations_member_cannot_write_a_quarter_through_the_service():
    award = AwardFactory(amount=Decimal("100000"))
    ensure_reporting_periods(award)
    period = award.reporting_periods.first()
    outsider = UserFactory()
    MembershipFactory(user=outsider)
    with pytest.raises(PermissionRefused, match="Only members"):
        quarterly_services.save_quarterly_draft(period, raw_values={}, narratives={}, by=outsider)
    member = UserFactory()
    MembershipFactory(user=member, organization=award.organization)
    quarterly_services.save_quarterly_draft(period, raw_values={}, narratives={"highlights": "x"}, by=member)


def test_a_grantee_cannot_accept_its_own_report(program_manager):
    award = AwardFactory()
    ensure_reporting_periods(award)
    member = UserFactory()
    MembershipFactory(user=member, organization=award.organization)
    permission = has_permission("quarterly.review", member)
    assert not permission and "Commerce program staff" in permission.reason
    assert has_permission("quarterly.review", program_manager)


def test_a_recused_reviewer_is_refused_with_the_reason(reviewer):
    assignment = ReviewAssignmentFactory(reviewer=reviewer, status="recused", has_conflict=True)
    with pytest.raises(PermissionRefused, match="recused"):
        check_permission("review.score", reviewer, assignment)
    other = ReviewAssignmentFactory()
    permission = has_permission("review.score", reviewer, other)
    assert not permission and permission.is_hidden


def test_an_owner_manages_members_and_a_member_does_not():
    owner, member = UserFactory(), UserFactory()
    membership = MembershipFactory(user=owner, role="owner")
    MembershipFactory(user=member, organization=membership.organization, role="member")
    assert has_permission("organization.manage_members", owner, membership.organization)
    refusal = has_permission("organization.manage_members", member, membership.organization)
    assert not refusal and not refusal.is_hidden and "owner" in refusal.reason


def test_anonymous_is_asked_to_sign_in():
    from django.contrib.auth.models import AnonymousUser

    permission = has_permission("application.view", AnonymousUser())
    assert not permission and "Sign in" in permission.reason
