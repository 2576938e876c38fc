"""Lifecycles as data: the tables refuse what makes no sense, in the service, on the page and for a crafted POST.

Each of the first four groups pins a bug seen before the tables existed: a funded application could be
withdrawn, the applicant saw "Submitted" for a funded application, an amendment could take a round over its
budget, and an award stayed "Active" after its period of performance ended.
"""

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grants.lifecycles import REGISTRY, TransitionRefused
from grants.lifecycles.applications import APPLICATION
from grants.lifecycles.awards import AWARD, committed_in_round
from grants.lifecycles.quarterly import QUARTERLY_REPORT
from grants.models import Application, Award, FundingRound
from grants.services import ServiceError
from grants.services import applications as application_services
from grants.services import awards as award_services
from reporting.lifecycle import REPORT_RUN
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    AwardFactory,
    MembershipFactory,
    funding_round,
)

pytestmark = pytest.mark.django_db


def _finalize(round_):
    FundingRound.objects.filter(pk=round_.pk).update(decisions_finalized_at=timezone.now())
    round_.refresh_from_db()


@pytest.fixture
def member(applicant):
    return applicant


@pytest.fixture
def funded(member):
    """A submitted application with an award, in a finalized round, of the member's organization."""
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    AwardDecisionFactory(application=application)
    AwardFactory(application=application)
    _finalize(application.funding_round)
    return Application.objects.get(pk=application.pk)


# (a) A funded application cannot be withdrawn ----------------------------------------------------------


def test_the_service_refuses_to_withdraw_a_funded_application(funded, member):
    with pytest.raises(TransitionRefused, match="Funded"):
        application_services.withdraw_application(funded, by=member, reason="Changed our plans")
    assert Application.objects.get(pk=funded.pk).status == Application.Status.SUBMITTED


def test_an_award_alone_makes_an_application_funded_even_before_the_round_is_final(member):
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    AwardFactory(application=application)  # e.g. an award imported from the pilot's former system
    with pytest.raises(ServiceError):
        application_services.withdraw_application(application, by=member, reason="x")


def test_a_not_funded_application_of_a_final_round_cannot_be_withdrawn(member):
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    AwardDecisionFactory(application=application, outcome="decline", amount=None, reason="Low score")
    _finalize(application.funding_round)
    with pytest.raises(TransitionRefused, match="Not funded"):
        application_services.withdraw_application(application, by=member, reason="x")


def test_before_the_decisions_are_final_a_submitted_application_may_still_be_withdrawn(member):
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    AwardDecisionFactory(application=application)  # a pending decision is not an award yet
    withdrawn = application_services.withdraw_application(application, by=member, reason="Merged")
    assert withdrawn.status == Application.Status.WITHDRAWN


def test_the_page_offers_no_withdraw_button_for_a_funded_application(client, funded, member):
    client.force_login(member)
    page = client.get(reverse("grants:application_detail", args=[funded.pk])).content.decode()
    assert reverse("grants:application_withdraw", args=[funded.pk]) not in page
    response = client.get(reverse("grants:application_withdraw", args=[funded.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be done while the application is" in response.content.decode()


def test_a_crafted_withdraw_post_is_refused_with_a_message(client, funded, member):
    client.force_login(member)
    response = client.post(
        reverse("grants:application_withdraw", args=[funded.pk]), {"reason": "Crafted"}, follow=True
    )
    assert response.status_code == 200
    assert "cannot be done while the application is" in response.content.decode()
    assert Application.objects.get(pk=funded.pk).status == Application.Status.SUBMITTED


# (b) The applicant sees Funded / Not funded -------------------------------------------------------------


def test_the_applicant_sees_funded_not_submitted(client, funded, member):
    client.force_login(member)
    page = client.get(reverse("grants:application_detail", args=[funded.pk])).content.decode()
    assert "<strong>Status:</strong> Funded" in page
    home = client.get(reverse("grants:applicant_home")).content.decode()
    assert "Funded" in home


def test_the_applicant_sees_not_funded_once_the_round_is_final(client, member):
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    _finalize(application.funding_round)
    client.force_login(member)
    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "<strong>Status:</strong> Not funded" in page


def test_before_the_round_is_final_the_applicant_sees_submitted(client, member):
    application = ApplicationFactory()
    MembershipFactory(user=member, organization=application.organization)
    client.force_login(member)
    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "<strong>Status:</strong> Submitted" in page
    assert APPLICATION.display(application) == "Submitted"


# (c) Amendments respect the round budget ----------------------------------------------------------------


@pytest.fixture
def budget_round():
    round_ = funding_round()
    FundingRound.objects.filter(pk=round_.pk).update(budget=Decimal("1355000"))
    return funding_round()


def test_an_amendment_over_the_round_budget_is_refused(program_manager, budget_round):
    award = AwardFactory(amount=Decimal("100000"))
    AwardFactory(amount=Decimal("1200000"))
    with pytest.raises(ServiceError, match="over its budget"):
        award_services.amend_award(award, by=program_manager, reason="More work", amount="5000000")
    with pytest.raises(ServiceError, match="over its budget"):
        award_services.amend_award(award, by=program_manager, reason="More work", amount="155000.01")
    award_services.amend_award(award, by=program_manager, reason="More work", amount="155000")
    assert Award.objects.get(pk=award.pk).amount == Decimal("155000")


def test_terminated_awards_do_not_hold_budget_but_reactivating_them_must_fit(program_manager, budget_round):
    award = AwardFactory(amount=Decimal("100000"))
    terminated = AwardFactory(amount=Decimal("1200000"), status=Award.Status.TERMINATED)
    assert committed_in_round(budget_round) == Decimal("100000")
    award_services.amend_award(award, by=program_manager, reason="Re-awarded balance", amount="1000000")
    with pytest.raises(ServiceError, match="over its budget"):
        award_services.change_award_status(terminated, by=program_manager, status="active", reason="Oops")


def test_a_decrease_is_allowed_even_when_the_round_is_already_over_budget(program_manager, budget_round):
    award = AwardFactory(amount=Decimal("1000000"))
    AwardFactory(amount=Decimal("1000000"))
    award_services.amend_award(award, by=program_manager, reason="Underspent", amount="900000")


def test_the_amendment_page_and_a_crafted_post_show_the_budget_refusal(staff_client, budget_round):
    award = AwardFactory(amount=Decimal("100000"))
    response = staff_client.post(
        reverse("grants:staff_award_amend", args=[award.pk]), {"amount": "5000000", "reason": "Crafted"}
    )
    assert response.status_code == 200
    assert "over its budget" in response.content.decode()
    assert Award.objects.get(pk=award.pk).amount == Decimal("100000")


def test_a_closed_award_cannot_be_amended(program_manager):
    award = AwardFactory(status=Award.Status.CLOSED)
    with pytest.raises(TransitionRefused, match="Closed"):
        award_services.amend_award(award, by=program_manager, reason="x", amount="1000")


# (d) An award whose period is over shows "Ended" ----------------------------------------------------------


def test_an_active_award_after_its_period_shows_ended_everywhere(staff_client, member):
    award = AwardFactory(period_end=date.today() - timedelta(days=1), contract_number="CLEP-21-9001")
    current = AwardFactory(period_end=date.today() + timedelta(days=30), contract_number="CLEP-21-9002")
    MembershipFactory(user=member, organization=award.organization)
    assert AWARD.state_of(award) == "ended" and AWARD.state_of(current) == "active"
    slug = award.funding_round.slug
    listing = staff_client.get(reverse("grants:staff_awards", args=[slug])).content.decode()
    assert "Ended" in listing
    detail = staff_client.get(reverse("grants:staff_award_detail", args=[award.pk])).content.decode()
    assert "Ended" in detail
    response = staff_client.get(reverse("grants:staff_awards", args=[slug]), {"format": "csv"})
    csv_text = b"".join(response.streaming_content).decode()
    assert "CLEP-21-9001" in csv_text and ",ended" in csv_text and ",active" in csv_text
    out = StringIO()
    call_command("awards", "--round", slug, "--format", "json", stdout=out)
    statuses = {r["contract_number"]: r["status"] for r in json.loads(out.getvalue())}
    assert statuses == {"CLEP-21-9001": "ended", "CLEP-21-9002": "active"}
    staff_client.force_login(member)
    grantee = staff_client.get(reverse("grants:quarterly_home")).content.decode()
    assert "Status: Ended" in grantee


def test_an_ended_award_can_still_be_closed_or_extended(program_manager):
    award = AwardFactory(period_end=date.today() - timedelta(days=1))
    assert set(AWARD.allowed_actions(award)) == {"amend", "close", "terminate"}
    award_services.amend_award(
        award, by=program_manager, reason="No-cost extension", period_end=date.today() + timedelta(days=90)
    )
    assert AWARD.state_of(Award.objects.get(pk=award.pk)) == "active"


# The tables themselves ------------------------------------------------------------------------------------


def test_every_table_is_registered_and_consistent():
    tables = [APPLICATION, AWARD, QUARTERLY_REPORT, REPORT_RUN]
    assert all(REGISTRY[table.model] is table for table in tables)
    assert QUARTERLY_REPORT.transition("resubmit").sources == frozenset({"returned"})
    assert REPORT_RUN.transition("publish").target == "published"
