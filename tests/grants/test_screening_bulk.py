"""Bulk actions of the screening list: assign reviewers to the ticked applications (all or nothing, through
the assign service) and export the ticked applications with the screening CSV's own rows."""

import csv
import io

import pytest
from django.urls import reverse

from grants.models import ReviewAssignment
from tests.factories import ApplicationFactory, ReviewerFactory, funding_round

pytestmark = pytest.mark.django_db

SLUG = "clep-2021"
LIST = reverse("grants:screening_list", args=[SLUG])
ASSIGN = reverse("grants:screening_assign", args=[SLUG])
EXPORT = reverse("grants:screening_export_selected", args=[SLUG])


def _rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_list_has_a_labelled_checkbox_per_row_and_the_bulk_actions(staff_client):
    application = ApplicationFactory(reference="CLEP21-012")
    page = staff_client.get(LIST).content.decode()
    assert f'<label class="visually-hidden" for="select-{application.pk}">Select CLEP21-012</label>' in page
    assert "With the ticked applications" in page
    assert "Assign reviewers" in page and "Export selected as CSV" in page
    assert f'formaction="{ASSIGN}"' in page


def test_assigning_the_ticked_applications_returns_to_the_same_filtered_page(staff_client, reviewer):
    first = ApplicationFactory(reference="CLEP21-001", counties=["King"])
    second = ApplicationFactory(reference="CLEP21-002", counties=["King"])
    ApplicationFactory(reference="CLEP21-003", counties=["King"])
    query = "?county=53033&page=1"
    response = staff_client.post(
        ASSIGN + query,
        {"applications": [first.pk, second.pk], "reviewers": [reviewer.pk], "due_on": "2031-05-01"},
    )
    assert response.status_code == 302 and response.url == LIST + query
    assert set(ReviewAssignment.objects.values_list("application__reference", flat=True)) == {
        "CLEP21-001",
        "CLEP21-002",
    }
    page = staff_client.get(response.url).content.decode()
    assert "2 new assignments made for CLEP21-001, CLEP21-002." in page


def test_an_ineligible_or_withdrawn_application_refuses_the_whole_assignment_and_names_each(
    staff_client, reviewer
):
    eligible = ApplicationFactory(reference="CLEP21-010")
    for_profit = ApplicationFactory(reference="CLEP21-011", organization__org_type="for_profit")
    withdrawn = ApplicationFactory(reference="CLEP21-012", status="withdrawn")
    other = ReviewerFactory()
    response = staff_client.post(
        ASSIGN + "?q=CLEP21",
        {
            "applications": [eligible.pk, for_profit.pk, withdrawn.pk],
            "reviewers": [reviewer.pk, other.pk],
            "due_on": "2031-05-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was assigned." in page
    assert "CLEP21-011 is not eligible, so it is not reviewed." in page
    assert "CLEP21-012 is not a submitted application." in page
    assert "CLEP21-010 is not" not in page
    assert not ReviewAssignment.objects.exists()
    # What was ticked and typed is kept.
    for application in (eligible, for_profit, withdrawn):
        assert f'value="{application.pk}" id="select-{application.pk}" checked' in page
    assert 'value="2031-05-01"' in page
    assert response.context["assign_form"]["reviewers"].value() == [str(reviewer.pk), str(other.pk)]


def test_nothing_ticked_or_another_rounds_application_is_refused(staff_client, reviewer):
    response = staff_client.post(ASSIGN, {"reviewers": [reviewer.pk]})
    assert response.status_code == 400 and "Tick at least one application." in response.content.decode()
    elsewhere = ApplicationFactory(funding_round=funding_round("clep-2023"))
    response = staff_client.post(ASSIGN, {"applications": [elsewhere.pk], "reviewers": [reviewer.pk]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = staff_client.post(ASSIGN, {"applications": ["x"], "reviewers": ["y"]})
    assert response.status_code == 400
    assert not ReviewAssignment.objects.exists()


def test_bulk_actions_are_post_only_and_for_program_managers(staff_client, client, reviewer):
    application = ApplicationFactory()
    assert staff_client.get(ASSIGN).status_code == 405
    assert staff_client.get(EXPORT).status_code == 405
    client.force_login(reviewer)
    data = {"applications": [application.pk], "reviewers": [reviewer.pk]}
    assert client.post(ASSIGN, data).status_code == 403
    assert client.post(EXPORT, data).status_code == 403
    assert not ReviewAssignment.objects.exists()


def test_export_selected_has_the_screening_csv_rows_of_the_ticked_applications_only(staff_client):
    chosen = [ApplicationFactory(reference=f"CLEP21-02{i}") for i in range(3)]
    ApplicationFactory(reference="CLEP21-099")
    withdrawn = ApplicationFactory(reference="CLEP21-098", status="withdrawn")
    full = _rows(staff_client.get(reverse("grants:screening_export", args=[SLUG])))
    selected = _rows(
        staff_client.post(EXPORT + "?q=CLEP", {"applications": [chosen[0].pk, chosen[2].pk, withdrawn.pk]})
    )
    assert selected[0] == full[0]
    wanted = {"CLEP21-020", "CLEP21-022", "CLEP21-098"}
    assert selected[1:] == [row for row in full[1:] if row[0] in wanted]
    assert [row[0] for row in selected[1:]] == ["CLEP21-020", "CLEP21-022", "CLEP21-098"]


def test_export_with_nothing_ticked_returns_to_the_list_with_a_message(staff_client):
    response = staff_client.post(EXPORT + "?county=53077", {})
    assert response.status_code == 302 and response.url == LIST + "?county=53077"
    assert "Tick at least one application" in staff_client.get(response.url).content.decode()
