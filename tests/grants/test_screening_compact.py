"""Screening that fits on a screen: one line per application with a clear outcome, blockers named and capped."""

import re

import pytest
from django.urls import reverse

from grants.selectors.eligibility import round_outcomes
from grants.selectors.screening import county_names, screening_summary
from tests.factories import ApplicationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _agency(**kwargs):
    return ApplicationFactory(organization=OrganizationFactory(org_type="law_enforcement"), **kwargs)


def test_blocked_law_enforcement_applicant_is_headed_blocked_and_names_the_blocker_and_county():
    ApplicationFactory(
        reference="CLEP21-012",
        organization=OrganizationFactory(legal_name="Yakima Valley Unidos"),
        counties=["Yakima"],
    )
    ApplicationFactory(reference="CLEP21-013", counties=["Yakima"])
    ApplicationFactory(reference="CLEP21-014", counties=["Yakima"])
    agency = _agency(counties=["Yakima"])
    summary = screening_summary(round_outcomes(agency.funding_round)[agency.pk], county_names())
    assert summary.heading == "Blocked"
    assert summary.text == "Blocked by CLEP21-012 Yakima Valley Unidos (Yakima) — 2 more"


def test_not_eligible_counts_failed_criteria_and_eligible_is_plain():
    failing = ApplicationFactory(has_dei_partner=False, has_measurable_goals=False)
    passing = ApplicationFactory()
    outcomes = round_outcomes(failing.funding_round)
    assert screening_summary(outcomes[failing.pk], {}).text == "Not eligible: 2 criteria"
    assert screening_summary(outcomes[passing.pk], {}).text == "Eligible"


def test_blocker_list_is_capped_with_a_count():
    for _ in range(8):
        ApplicationFactory(counties=["King"])
    agency = _agency(counties=["King"])
    summary = screening_summary(round_outcomes(agency.funding_round)[agency.pk], county_names())
    assert len(summary.blockers) == 5 and summary.blockers_more == 3


def test_agency_is_not_told_it_is_a_public_agency_or_nonprofit():
    agency = _agency(counties=["Pierce"])
    criteria = round_outcomes(agency.funding_round)[agency.pk].criteria
    texts = [str(c.explanation) for c in criteria]
    assert not any("public agency or a nonprofit" in t for t in texts)
    assert any("law-enforcement agency" in t for t in texts)


def test_screening_page_is_one_compact_row_per_application(staff_client):
    ApplicationFactory(reference="CLEP21-001", counties=["Yakima"])
    _agency(reference="CLEP21-002", counties=["Yakima"])
    html = staff_client.get(reverse("grants:screening_list", args=["clep-2021"])).content.decode()
    assert html.count("<details>") == 1  # only the blocked row has something to unfold
    assert "<summary>Blocked by CLEP21-001" in html
    assert re.search(r'class="outcome-eligible">\s*Eligible\s*</td>', html)
    assert "override-form" not in html  # the staff decision is made on the application's page


def test_screening_page_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    for _ in range(40):
        ApplicationFactory(counties=["Yakima", "King"])
    _agency(counties=["Yakima"])
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse("grants:screening_list", args=["clep-2021"]))
    assert response.status_code == 200


def test_screening_csv_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    for _ in range(40):
        ApplicationFactory(counties=["Yakima", "King"])
    with django_assert_max_num_queries(15):
        response = staff_client.get(reverse("grants:screening_export", args=["clep-2021"]))
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 41
