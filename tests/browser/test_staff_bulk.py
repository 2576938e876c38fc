"""Bulk work at Commerce scale (issue 14), checked with axe: from the screening list, tick two applications and
assign a reviewer to both; then the assignment page, filtered and paginated, with "select all on this page" and
the assignment of every matching application after its confirmation."""

import re

import pytest
from playwright.sync_api import expect

from grants.models import ReviewAssignment
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.factories import (
    ApplicationFactory,
    ProgramManagerFactory,
    ReviewerFactory,
    activate_totp,
)

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "clep-2021"


@pytest.fixture
def manager_page(page, live_server):
    manager = ProgramManagerFactory()
    activate_totp(manager)
    sign_in_by_cookie(page, manager, live_server.url)
    page.set_default_timeout(60000)
    return page


@pytest.fixture
def busy_round():
    """30 eligible applications in King County and 3 in Yakima, and one reviewer."""
    for number in range(1, 31):
        ApplicationFactory(reference=f"CLEP21-{number:03d}", counties=["King"])
    for number in range(31, 34):
        ApplicationFactory(reference=f"CLEP21-{number:03d}", counties=["Yakima"])
    return ReviewerFactory(full_name="Rosa Reviewer")


def test_screening_list_assigns_a_reviewer_to_two_ticked_applications(manager_page, busy_round):
    page = manager_page
    page.goto(f"/staff/rounds/{SLUG}/applications/?county=53033")
    assert_accessible(page, "screening list with bulk actions")
    page.get_by_label("Select CLEP21-001").check()
    page.get_by_label("Select CLEP21-002").check()
    bulk = page.get_by_role("group", name="With the ticked applications")
    bulk.get_by_label("Rosa Reviewer").check()
    bulk.get_by_role("button", name="Assign reviewers").click()
    page.wait_for_url(re.compile(rf"/staff/rounds/{SLUG}/applications/\?county=53033$"))
    expect(page.locator("main")).to_contain_text("2 new assignments made for CLEP21-001, CLEP21-002.")
    assert_accessible(page, "screening list after the bulk assignment")
    assert set(ReviewAssignment.objects.values_list("application__reference", flat=True)) == {
        "CLEP21-001",
        "CLEP21-002",
    }


def test_assignment_page_filtered_paginated_then_every_matching_application(manager_page, busy_round):
    page = manager_page
    page.goto(f"/staff/review/{SLUG}/assignments/")
    page.get_by_label("County").select_option(label="King")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"county=53033"))
    expect(page.locator("caption").first).to_contain_text("30 eligible applications match the filter")
    expect(page.locator("tbody input[name=applications]")).to_have_count(25)
    assert_accessible(page, "assignments filtered, page 1")
    page.get_by_role("link", name="Next").click()
    expect(page.locator("tbody input[name=applications]")).to_have_count(5)
    select_all = page.get_by_label("Select all on this page")
    select_all.check()
    expect(page.get_by_label("Select CLEP21-030")).to_be_checked()
    assert_accessible(page, "assignments filtered, page 2, all selected")

    page.get_by_label("Rosa Reviewer").check()
    page.get_by_label("All 30 applications matching the filter, on every page").check()
    page.get_by_role("button", name="Assign the selected reviewers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm the assignments")
    assert_accessible(page, "confirmation")
    assert not ReviewAssignment.objects.exists()
    page.get_by_role("button", name="Assign to 30 applications").click()
    expect(page.locator("main")).to_contain_text("30 new assignment(s) made.")
    assert ReviewAssignment.objects.count() == 30
    assert not ReviewAssignment.objects.filter(application__counties__name="Yakima").exists()
