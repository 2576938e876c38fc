"""Award rules, enforced in the service: eligibility, cap, budget, amounts above the request, finality."""

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.models import Award, AwardAmendment, AwardDecision
from grants.services import ServiceError
from grants.services import awards as services
from portal.models import Notice
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    EligibilityOverrideFactory,
    MembershipFactory,
    UserFactory,
    funding_round,
)

pytestmark = pytest.mark.django_db

AWARD = AwardDecision.Outcome.AWARD
DECLINE = AwardDecision.Outcome.DECLINE


def test_only_eligible_applications_are_awarded(program_manager):
    ineligible = ApplicationFactory(organization__org_type="for_profit")
    with pytest.raises(ServiceError, match="not eligible"):
        services.record_decision(ineligible, by=program_manager, outcome=AWARD, amount="50000")
    EligibilityOverrideFactory(application=ineligible, is_eligible=True)
    decision = services.record_decision(ineligible, by=program_manager, outcome=AWARD, amount="50000")
    assert decision.amount == Decimal("50000.00")


def test_decline_needs_a_reason_and_only_staff_decide(program_manager):
    application = ApplicationFactory()
    with pytest.raises(ServiceError, match="reason"):
        services.record_decision(application, by=program_manager, outcome=DECLINE)
    with pytest.raises(ServiceError):
        services.record_decision(application, by=UserFactory(), outcome=DECLINE, reason="No")
    decision = services.record_decision(application, by=program_manager, outcome=DECLINE, reason="Low score")
    assert decision.amount is None


def test_an_amount_above_the_request_needs_a_reason(program_manager):
    application = ApplicationFactory(requested_amount=Decimal("80000"))
    with pytest.raises(ServiceError, match="requested"):
        services.record_decision(application, by=program_manager, outcome=AWARD, amount="90000")
    services.record_decision(
        application, by=program_manager, outcome=AWARD, amount="90000", reason="Wider area"
    )


def test_the_award_cap_holds(program_manager):
    round_ = funding_round()
    for _ in range(round_.award_cap):
        AwardDecisionFactory(amount=Decimal("1000"))
    with pytest.raises(ServiceError, match="at most 15"):
        services.record_decision(ApplicationFactory(), by=program_manager, outcome=AWARD, amount="1000")
    # Changing an existing award's amount does not count it twice.
    existing = AwardDecision.objects.first().application
    services.record_decision(existing, by=program_manager, outcome=AWARD, amount="2000")


def test_the_budget_holds(program_manager):
    AwardDecisionFactory(amount=Decimal("1450000"))
    with pytest.raises(ServiceError, match="budget"):
        services.record_decision(ApplicationFactory(), by=program_manager, outcome=AWARD, amount="60000")
    services.record_decision(ApplicationFactory(), by=program_manager, outcome=AWARD, amount="50000")


def _decide_awards(manager, count, **application_fields):
    applications = []
    for index in range(count):
        application = ApplicationFactory(reference=f"CLEP21-{index + 1:03d}", **application_fields)
        services.record_decision(application, by=manager, outcome=AWARD, amount="90000")
        applications.append(application)
    return applications


def test_finalize_refuses_fewer_than_the_minimum(program_manager):
    _decide_awards(program_manager, 11)
    with pytest.raises(ServiceError, match="at least 12"):
        services.finalize_decisions(funding_round(), by=program_manager)
    assert not funding_round().is_finalized


def test_finalize_creates_awards_schedules_and_notices_then_freezes(
    program_manager, django_capture_on_commit_callbacks
):
    applications = _decide_awards(program_manager, 12, counties=["Chelan", "Douglas"])
    owner = MembershipFactory(organization=applications[0].organization, user__preferred_language="es").user
    declined = ApplicationFactory()
    services.record_decision(declined, by=program_manager, outcome=DECLINE, reason="Low score")
    with django_capture_on_commit_callbacks(execute=True):
        awards = services.finalize_decisions(funding_round(), by=program_manager)
    round_ = funding_round()
    assert round_.is_finalized and round_.decisions_finalized_by == program_manager
    assert [a.contract_number for a in awards][:2] == ["CLEP-21-001", "CLEP-21-002"]
    award = Award.objects.get(contract_number="CLEP-21-001")
    assert award.application == applications[0]
    assert (award.period_start, award.period_end) == (round_.period_start, round_.period_end)
    assert {c.name for c in award.counties.all()} == {"Chelan", "Douglas"}
    assert award.status == Award.Status.ACTIVE
    assert award.reporting_periods.filter(is_active=True).count() == 8
    spanish = next(m for m in mail.outbox if m.to == [owner.email])
    assert "CLEP-21-001" in spanish.body
    assert Notice.objects.get(email=owner.email).language == "es"
    assert any(declined.reference in m.subject for m in mail.outbox)
    with pytest.raises(ServiceError, match="final"):
        services.record_decision(declined, by=program_manager, outcome=AWARD, amount="1000")
    with pytest.raises(ServiceError, match="final"):
        services.finalize_decisions(round_, by=program_manager)


def test_finalize_rechecks_eligibility(program_manager):
    applications = _decide_awards(program_manager, 12)
    applications[3].status = "withdrawn"
    applications[3].save()
    with pytest.raises(ServiceError, match=applications[3].reference):
        services.finalize_decisions(funding_round(), by=program_manager)


def test_amendment_keeps_history_and_moves_the_schedule(program_manager):
    _decide_awards(program_manager, 12)
    award = services.finalize_decisions(funding_round(), by=program_manager)[0]
    with pytest.raises(ServiceError, match="reason"):
        services.amend_award(award, by=program_manager, reason="", amount="95000")
    services.amend_award(
        award,
        by=program_manager,
        reason="Extended by six months",
        period_end=date(2024, 3, 31),
        amount="95000",
    )
    award.refresh_from_db()
    amendment = AwardAmendment.objects.get(award=award)
    assert amendment.previous_amount == Decimal("90000.00") and amendment.new_amount == Decimal("95000.00")
    assert award.period_end == date(2024, 3, 31)
    assert award.reporting_periods.filter(is_active=True).count() == 10
    assert award.history.count() >= 2
    with pytest.raises(ServiceError):
        services.amend_award(award, by=program_manager, reason="Again", period_end=date(2021, 1, 1))


def test_status_change_needs_a_reason(program_manager):
    _decide_awards(program_manager, 12)
    award = services.finalize_decisions(funding_round(), by=program_manager)[0]
    with pytest.raises(ServiceError):
        services.change_award_status(award, by=program_manager, status="closed", reason="")
    services.change_award_status(award, by=program_manager, status="terminated", reason="Grantee dissolved")
    award.refresh_from_db()
    assert award.status == "terminated"
    assert "dissolved" in award.history.first().history_change_reason


@pytest.fixture
def twenty_applications():
    return list(ApplicationFactory.create_batch(20, requested_amount=Decimal("500000")))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=19), st.integers(min_value=1, max_value=400_000)),
        min_size=1,
        max_size=30,
    )
)
def test_no_sequence_of_decisions_breaks_the_cap_or_the_budget(
    program_manager, twenty_applications, attempts
):
    """Whatever staff try, in whatever order, the round never holds more awards or dollars than allowed."""
    round_ = funding_round()
    try:
        for index, amount in attempts:
            with contextlib.suppress(ServiceError):
                services.record_decision(
                    twenty_applications[index], by=program_manager, outcome=AWARD, amount=amount
                )
            awarded = AwardDecision.objects.filter(application__funding_round=round_, outcome=AWARD)
            assert awarded.count() <= round_.award_cap
            assert sum((d.amount for d in awarded), Decimal("0")) <= round_.budget
    finally:
        AwardDecision.objects.all().delete()


def test_finalize_needs_the_rounds_funding_period(program_manager):
    _decide_awards(program_manager, 12)
    round_ = funding_round()
    round_.period_end = None
    round_.save()
    with pytest.raises(ServiceError, match="funding period"):
        services.finalize_decisions(round_, by=program_manager)
    assert not Award.objects.exists()
