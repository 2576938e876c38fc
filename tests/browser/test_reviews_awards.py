"""Reviewer and staff journeys through review, ranking, decisions, coverage and finalizing, checked with axe."""

import re
import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants.models import Award, ReviewAssignment, RubricCriterion
from grants.services import awards as award_services
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    ProgramManagerFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    activate_totp,
    totp_code,
)

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "clep-2021"
AREA_COUNTIES = [
    ["Spokane"], ["Pierce"], ["King"], ["Okanogan"], ["Yakima"], ["Cowlitz"], ["Clark"], ["Chelan", "Douglas"],
    ["Walla Walla"], ["Benton", "Franklin"], ["Grant"], ["Snohomish"],
]  # fmt: skip


def staff_sign_in(page, user):
    """Sign in with the authenticator code computed at the prompt, never in the last seconds of its window."""
    sign_in(page, user.email, PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("#id_code", totp_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/(staff|review)/$"))


def test_reviewer_declares_no_conflict_scores_and_submits(page):
    reviewer = ReviewerFactory()
    activate_totp(reviewer)
    assignment = ReviewAssignmentFactory(reviewer=reviewer, application__reference="CLEP21-001")
    staff_sign_in(page, reviewer)
    page.goto("/review/")
    assert_accessible(page, "reviewer home")
    page.get_by_role("link", name="Declare conflicts for CLEP21-001").click()
    assert_accessible(page, "declaration")
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Record my declaration").click()
    page.wait_for_selector("#score-form")
    assert_accessible(page, "score sheet")
    criteria = list(RubricCriterion.objects.filter(funding_round__slug=SLUG).order_by("order"))
    first = criteria[0]
    page.fill(f"#id_score_{first.pk}", "20")
    page.fill(f"#id_comment_{first.pk}", "Strong partnership with the sheriff's office.")
    page.locator(f"#id_score_{first.pk}").dispatch_event("change")
    expect(page.locator("#autosave-status")).to_contain_text("Saved automatically")
    assert assignment.scores.get(criterion=first).score == 20
    for criterion in criteria[1:]:
        page.fill(f"#id_score_{criterion.pk}", str(criterion.max_score // 2))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert_accessible(page, "reviewer home after submitting")
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.SUBMITTED
    page.goto(f"/review/{assignment.pk}/")
    assert page.locator(f"#id_score_{first.pk}").is_disabled()
    assert page.get_by_role("button", name="Submit the review").count() == 0
    assert_accessible(page, "locked review")


def test_staff_assign_rank_decide_check_coverage_and_finalize(page):
    manager = ProgramManagerFactory()
    activate_totp(manager)
    reviewer = ReviewerFactory(full_name="Ravi Natarajan")
    applications = [
        ApplicationFactory(reference=f"CLEP21-{n:03d}", counties=counties, requested_amount=Decimal("100000"))
        for n, counties in enumerate(AREA_COUNTIES, start=1)
    ]
    owner = MembershipFactory(organization=applications[0].organization).user
    staff_sign_in(page, manager)

    page.goto("/staff/review/")
    assert_accessible(page, "staff review home")
    page.locator("section", has_text="CLEP 2021 pilot").get_by_role("link", name="Assignments").click()
    page.wait_for_url(re.compile(rf"/staff/review/{SLUG}/assignments/$"))
    assert_accessible(page, "assignments")
    page.get_by_label(f"Ravi Natarajan ({reviewer.email})").check()
    page.get_by_label("Select CLEP21-001", exact=True).check()
    page.get_by_label("Select CLEP21-002", exact=True).check()
    page.get_by_role("button", name="Assign the selected reviewers").click()
    page.wait_for_selector("text=2 new assignment(s) made.")
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 2
    assert_accessible(page, "assignments after assigning")

    page.goto(f"/staff/review/{SLUG}/reviewers/")
    assert_accessible(page, "reviewer load")
    page.goto(f"/staff/review/{SLUG}/rubric/")
    assert_accessible(page, "rubric")
    page.goto(f"/staff/review/{SLUG}/ranking/")
    assert_accessible(page, "ranking")
    page.select_option("#id_sort", "reference")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"sort=reference"))
    assert_accessible(page, "ranking sorted")

    page.goto(f"/staff/awards/{SLUG}/decisions/")
    assert_accessible(page, "decisions")
    page.get_by_role("link", name="Decide on CLEP21-001").click()
    assert_accessible(page, "decide")
    page.get_by_label("Award", exact=True).check()
    page.fill("#id_amount", "150000")
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_selector("text=give a reason")
    assert_accessible(page, "decision refused")
    page.fill("#id_amount", "100000")
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(re.compile(r"/decisions/$"))
    for application in applications[1:]:
        award_services.record_decision(application, by=manager, outcome="award", amount="100000")

    page.goto(f"/staff/awards/{SLUG}/coverage/")
    assert page.locator("svg[role=img] title#map-title").count() == 1
    assert_accessible(page, "coverage")

    page.goto(f"/staff/awards/{SLUG}/finalize/")
    assert_accessible(page, "finalize confirmation")
    page.get_by_role("button", name="Yes, finalize the decisions").click()
    page.wait_for_url(re.compile(rf"/staff/awards/{SLUG}/$"))
    assert_accessible(page, "awards")
    assert Award.objects.count() == 12
    page.get_by_role("link", name="CLEP-21-001").click()
    assert_accessible(page, "award detail")
    page.fill("#id_amount", "110000")
    page.fill("#id_reason", "Added youth programming")
    page.get_by_role("button", name="Record the amendment").click()
    page.wait_for_selector("text=The amendment was recorded.")
    assert Award.objects.get(contract_number="CLEP-21-001").amount == Decimal("110000.00")
    assert_accessible(page, "award detail after amendment")

    page.context.clear_cookies()
    sign_in(page, owner.email, PASSWORD)
    page.wait_for_url(re.compile(r"/my/$"))
    assert "CLEP-21-001" in page.locator("main").inner_text()
    assert_accessible(page, "applicant home with decision")
