"""Round set-up by staff: a new round from a previous one, a preview of how rules move eligibility, explicit
opening and closing, every change in the round's history with its reason."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import FundingRound, Metric, RubricCriterion
from grants.selectors.rounds import rule_change_preview
from grants.services import ServiceError
from grants.services import rounds as services
from tests.factories import ApplicationFactory, OrganizationFactory, funding_round

pytestmark = pytest.mark.django_db


def test_a_new_round_copies_the_previous_settings_rubric_and_catalog(program_manager):
    pilot = funding_round("clep-2021")
    new = services.create_round_from(
        pilot,
        by=program_manager,
        slug="clep-2027",
        name="CLEP 2027",
        reason="Next biennium",
        budget=Decimal("2e6"),
    )
    assert new.award_cap == pilot.award_cap and new.rules == {
        "required": pilot.rules["required"],
        "any_of": [],
    }
    assert set(new.eligible_counties.all()) == set(pilot.eligible_counties.all())
    assert new.budget == Decimal("2000000")
    assert RubricCriterion.objects.filter(funding_round=new).count() == pilot.rubric.count() > 0
    assert Metric.objects.filter(funding_round=new).count() == pilot.metrics.count() > 0
    entry = new.history.latest()
    assert entry.history_user == program_manager and "Next biennium" in entry.history_change_reason


def test_rules_are_checked_and_a_reason_is_required(program_manager):
    pilot = funding_round("clep-2021")
    with pytest.raises(ServiceError, match="Say why"):
        services.update_round(pilot, by=program_manager, reason="", budget=Decimal("1"))
    with pytest.raises(ServiceError, match="service area"):
        services.update_round(
            pilot, by=program_manager, reason="x", rules={"required": ["organization_type"], "any_of": []}
        )


def test_preview_shows_which_applications_a_rule_change_moves(program_manager):
    pilot = funding_round("clep-2021")
    no_partner = ApplicationFactory(reference="P-1", has_dei_partner=False, counties=["Yakima"])
    ApplicationFactory(reference="P-2", counties=["King"])
    agency = ApplicationFactory(
        reference="P-3", organization=OrganizationFactory(org_type="law_enforcement"), counties=["Yakima"]
    )
    rules = {
        "required": ["organization_type", "measurable_goals", "service_area"],
        "any_of": [
            ["public_safety_engagement_experience", "community_engagement"],
            ["law_enforcement_partner", "dei_partner"],
        ],
    }
    fips = set(pilot.eligible_counties.values_list("fips", flat=True))
    preview = rule_change_preview(pilot, rules, fips)
    moves = {m.reference: (m.before, m.after) for m in preview.moves}
    # P-1 becomes eligible under the 2023 alternatives, and then blocks the agency in Yakima.
    assert moves == {
        no_partner.reference: ("not_eligible", "eligible"),
        agency.reference: ("eligible", "blocked"),
    }
    assert (preview.gained, preview.lost) == (1, 1)
    assert pilot.rules["any_of"] == []  # nothing saved


def test_open_and_close_set_the_dates_the_one_open_rule_reads(program_manager):
    pilot = funding_round("clep-2021")
    today = date(2026, 12, 1)
    services.open_round(
        pilot, by=program_manager, reason="Reopened", closes_on=date(2027, 1, 31), today=today
    )
    pilot.refresh_from_db()
    assert pilot.is_open_for_applications(today) and pilot.closes_on == date(2027, 1, 31)
    services.close_round(pilot, by=program_manager, reason="Closed early", today=today)
    pilot.refresh_from_db()
    assert not pilot.is_open_for_applications(today)
    assert [h.history_change_reason.split(": ")[-1] for h in pilot.history.order_by("-history_date")[:2]] == [
        "Closed early",
        "Reopened",
    ]


def test_settings_page_previews_without_saving_then_saves_with_reason(staff_client):
    ApplicationFactory(reference="S-1", has_dei_partner=False)
    url = reverse("grants:round_settings", args=["clep-2023"])
    page = staff_client.get(url)
    assert page.status_code == 200
    data = {
        k: v for k, v in page.context["form"].initial.items() if not isinstance(v, list) and v is not None
    }
    data = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in data.items()}
    data["is_statewide"] = "on"
    data["rule_dei_partner"] = "required"
    data["rule_law_enforcement_partner"] = "required"
    response = staff_client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    assert "Preview: how these rules would move eligibility" in response.content.decode()
    assert FundingRound.objects.get(slug="clep-2023").rules["required"] == [
        "organization_type",
        "measurable_goals",
        "service_area",
    ]
    response = staff_client.post(url, data)
    assert "Say why" in response.content.decode()
    response = staff_client.post(url, {**data, "reason": "Partners required again"})
    assert response.status_code == 302
    assert "dei_partner" in FundingRound.objects.get(slug="clep-2023").rules["required"]


def test_new_round_page_creates_a_round(staff_client):
    url = reverse("grants:round_new") + "?from=clep-2023"
    page = staff_client.get(url)
    initial = page.context["form"].initial
    data = {
        k: v for k, v in initial.items() if not isinstance(v, list | bool) and v is not None and k != "name"
    }
    data.update(
        source="clep-2023",
        slug="clep-2027",
        name="CLEP 2027",
        is_statewide="on",
        reason="New biennium",
        copy_rubric="on",
    )
    response = staff_client.post(reverse("grants:round_new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    new = FundingRound.objects.get(slug="clep-2027")
    assert new.eligible_counties.count() == 39 and new.rubric.exists() and not new.metrics.exists()


def test_open_and_close_pages_need_a_reason_and_say_what_happened(staff_client):
    url = reverse("grants:round_open", args=["clep-2021"])
    response = staff_client.post(url, {"state-reason": ""}, follow=True)
    assert "Give the reason" in response.content.decode()
    response = staff_client.post(
        url, {"state-reason": "Second call", "state-closes_on": "2099-01-31"}, follow=True
    )
    assert "is open for applications" in response.content.decode()
    assert FundingRound.objects.get(slug="clep-2021").is_open_for_applications()
    response = staff_client.post(
        reverse("grants:round_close", args=["clep-2021"]),
        {"state-reason": "Enough applications"},
        follow=True,
    )
    assert "is closed to applications" in response.content.decode()
    assert not FundingRound.objects.get(slug="clep-2021").is_open_for_applications()
