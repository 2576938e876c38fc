"""The demo round: about 30 applications over the 12 service areas, the law-enforcement cases, idempotent."""

import pytest

from grants.demo import applications as demo
from grants.demo.accounts import load_accounts
from grants.models import Application, Goal, Partner
from grants.selectors.eligibility import round_outcomes
from tests.factories import funding_round

pytestmark = pytest.mark.django_db


def test_demo_round_is_realistic_and_loading_twice_changes_nothing():
    load_accounts()
    demo.load()
    counts = (Application.objects.count(), Partner.objects.count(), Goal.objects.count())
    demo.load()
    assert (Application.objects.count(), Partner.objects.count(), Goal.objects.count()) == counts

    pilot = funding_round("clep-2021")
    applications = {a.reference: a for a in Application.objects.filter(funding_round=pilot)}
    assert len(applications) >= 30
    served = {c.fips for a in applications.values() for c in a.counties.all()}
    assert served == set(pilot.eligible_counties.values_list("fips", flat=True))
    assert all(60000 <= a.requested_amount <= 150000 for a in applications.values())

    outcomes = {o.facts.reference: o for o in round_outcomes(pilot).values()}
    assert outcomes["CLEP21-011"].blocked_by_references == ["CLEP21-001", "CLEP21-012"]
    assert outcomes["CLEP21-019"].is_eligible and outcomes["CLEP21-023"].is_eligible
    assert not outcomes["CLEP21-028"].is_eligible  # for-profit
    assert not outcomes["CLEP21-029"].is_eligible and applications["CLEP21-029"].withdrawal_reason
    assert outcomes["CLEP21-001"].is_eligible
    assert sum(o.is_eligible for o in outcomes.values()) >= 24

    unidos = applications["CLEP21-001"].organization
    assert unidos.memberships.filter(user__email="owner@yakima-unidos.demo").exists()
    draft = Application.objects.get(reference="CLEP27-001")
    assert draft.is_draft and draft.organization == unidos
    # The draft's round is open, with the rubric and metric catalog of the 2023 round.
    assert draft.funding_round.slug == "clep-2027"
    assert draft.funding_round.rubric.count() == funding_round("clep-2023").rubric.count() > 0
    assert draft.funding_round.metrics.count() == funding_round("clep-2023").metrics.count() > 0
