"""The reviewer-assignment page at Commerce scale: filtered, paginated, bulk assignment to every matching
application after a confirmation, and a constant number of queries whatever the round holds."""

import pytest
from django.urls import reverse

from grants.models import ReviewAssignment
from tests.factories import (
    ApplicationFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "clep-2021"
URL = reverse("grants:staff_assignments", args=[SLUG])


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_25_applications_a_page_and_filters_by_county_search_and_reviewer_count(
    staff_client, reviewer
):
    ApplicationFactory.create_batch(27, counties=["Yakima"])
    king = ApplicationFactory(
        reference="KING-001", counties=["King"], organization__legal_name="Seattle Unidos"
    )
    assigned = ApplicationFactory(reference="DONE-001", counties=["King"])
    ReviewAssignmentFactory(application=assigned, reviewer=reviewer)
    page = _page(staff_client.get(URL))
    assert page.count('name="applications"') == 25
    assert "29 eligible applications match the filter" in page
    second = _page(staff_client.get(URL, {"page": 2}))
    assert second.count('name="applications"') == 4
    by_county = _page(staff_client.get(URL, {"county": "53033"}))
    assert "KING-001" in by_county and "DONE-001" in by_county and "APP-" not in by_county
    by_name = _page(staff_client.get(URL, {"q": "seattle"}))
    assert "KING-001" in by_name and "DONE-001" not in by_name
    unassigned = _page(staff_client.get(URL, {"county": "53033", "fewer_than": "1"}))
    assert "KING-001" in unassigned and "DONE-001" not in unassigned
    assert f'<label class="visually-hidden" for="app-{king.pk}">Select KING-001</label>' in by_name
    # An unknown filter value is ignored, never a server error.
    assert _page(staff_client.get(URL, {"fewer_than": "x", "county": "nope", "page": "99"}))


def test_a_recused_reviewer_does_not_count_towards_the_reviewers_assigned(staff_client, reviewer):
    application = ApplicationFactory(reference="RECUSED-1")
    ReviewAssignmentFactory(application=application, reviewer=reviewer, status="recused", has_conflict=True)
    assert "RECUSED-1" in _page(staff_client.get(URL, {"fewer_than": "1"}))


def test_assigning_the_ticked_applications_redirects_to_the_same_filtered_page(staff_client, reviewer):
    applications = ApplicationFactory.create_batch(2, counties=["King"])
    response = staff_client.post(
        URL + "?county=53033&page=1",
        {"applications": [a.pk for a in applications], "reviewers": [reviewer.pk], "scope": "ticked"},
    )
    assert response.status_code == 302 and response.url == URL + "?county=53033&page=1"
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 2
    assert "2 new assignment(s) made." in _page(staff_client.get(response.url))


def test_a_refused_assignment_keeps_the_errors_and_what_was_ticked(staff_client, reviewer):
    application = ApplicationFactory(reference="KEEP-001")
    ineligible = ApplicationFactory(organization__org_type="for_profit")
    response = staff_client.post(
        URL,
        {"applications": [application.pk, ineligible.pk], "reviewers": [reviewer.pk], "due_on": "2031-02-03"},
    )
    page = _page(response)
    assert "Select a valid choice" in page
    assert f'value="{application.pk}" id="app-{application.pk}" checked' in page
    assert 'value="2031-02-03"' in page
    assert f'value="{reviewer.pk}"' in page and "checked" in page
    page = _page(staff_client.post(URL, {"reviewers": [reviewer.pk]}))
    assert "Tick at least one application" in page
    assert not ReviewAssignment.objects.exists()


def test_assigning_every_matching_application_asks_for_a_confirmation_with_the_count(
    staff_client, reviewer, program_manager
):
    ApplicationFactory.create_batch(30, counties=["King"])
    ApplicationFactory.create_batch(3, counties=["Yakima"])
    other = ReviewerFactory()
    data = {"reviewers": [reviewer.pk, other.pk], "scope": "matching", "due_on": "2031-02-03"}
    filtered = URL + "?county=53033"
    confirm = _page(staff_client.post(filtered, data))
    assert "30 eligible applications match the filter." in confirm
    assert 'name="confirmed_count" value="30"' in confirm
    assert "Assign to 30 applications" in confirm
    assert not ReviewAssignment.objects.exists()
    # The count changed since the confirmation page: asked again, nothing assigned.
    again = _page(staff_client.post(filtered, {**data, "confirmed_count": "29"}, follow=True))
    assert "The number of matching applications changed" in again
    assert not ReviewAssignment.objects.exists()
    response = staff_client.post(filtered, {**data, "confirmed_count": "30"})
    assert response.status_code == 302 and response.url == filtered
    assert ReviewAssignment.objects.count() == 60
    assert set(ReviewAssignment.objects.values_list("due_on", flat=True)).pop().isoformat() == "2031-02-03"
    assert not ReviewAssignment.objects.filter(application__counties__name="Yakima").exists()
    history = ReviewAssignment.history.filter(history_type="+")
    assert history.count() == 60
    assert set(history.values_list("history_change_reason", "history_user")) == {
        (f"Assigned by {program_manager.email}", program_manager.pk)
    }


def test_every_matching_application_skips_existing_and_recused_assignments(staff_client, reviewer):
    applications = ApplicationFactory.create_batch(3)
    ReviewAssignmentFactory(
        application=applications[0], reviewer=reviewer, status="recused", has_conflict=True
    )
    data = {"reviewers": [reviewer.pk], "scope": "matching", "confirmed_count": "3"}
    assert staff_client.post(URL, data).status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 3
    assert ReviewAssignment.objects.get(application=applications[0]).status == "recused"


def _round_of(size):
    reviewers = ReviewerFactory.create_batch(2)
    for index in range(size):
        application = ApplicationFactory(counties=["King", "Pierce"] if index % 2 else ["Yakima"])
        if index % 3 == 0:
            ReviewAssignmentFactory(application=application, reviewer=reviewers[index % 2])


@pytest.mark.parametrize("size", [5, 60])
def test_the_page_takes_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, size):
    _round_of(size)
    with django_assert_max_num_queries(18):
        _page(staff_client.get(URL))
    with django_assert_max_num_queries(18):
        _page(staff_client.get(URL, {"county": "53033", "fewer_than": "2", "q": "APP", "page": "2"}))


@pytest.mark.parametrize("size", [5, 60])
def test_assigning_every_matching_application_takes_a_constant_number_of_queries(
    staff_client, reviewer, django_assert_max_num_queries, size
):
    _round_of(size)
    data = {"reviewers": [reviewer.pk], "scope": "matching", "confirmed_count": str(size)}
    with django_assert_max_num_queries(21):
        assert staff_client.post(URL, data).status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == size
