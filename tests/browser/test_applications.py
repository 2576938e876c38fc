"""The applicant's journey and staff screening in a real browser, with axe on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Application, EligibilityOverride
from tests.browser.conftest import assert_accessible, sign_in, sign_in_by_cookie
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramManagerFactory,
    activate_totp,
    county,
    funding_round,
)

pytestmark = pytest.mark.django_db(transaction=True)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_pilot_round():
    pilot = funding_round("clep-2021")
    today = timezone.localdate()
    pilot.opens_on, pilot.closes_on = today - timedelta(days=5), today + timedelta(days=30)
    pilot.save()
    return pilot


def save_step(page, next_path):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(next_path))
    assert_accessible(page, next_path)


def test_applicant_checks_eligibility_applies_over_two_sessions_submits_and_withdraws(
    page, browser, live_server
):
    page.goto("/eligibility/")
    assert_accessible(page, "self-check")
    page.get_by_label("Nonprofit organization").check()
    page.get_by_label("Yakima").check()
    for name in [
        "experience",
        "community_engagement",
        "law_enforcement_partner",
        "dei_partner",
        "measurable_goals",
    ]:
        page.locator(f"input[name={name}][value=yes]").check()
    page.get_by_role("button", name="Check eligibility").click()
    assert "Likely eligible" in page.locator("h2#result-heading").inner_text()
    assert_accessible(page, "self-check result")

    pilot = open_pilot_round()
    membership = MembershipFactory(organization=OrganizationFactory(legal_name="Yakima Valley Unidos"))
    membership.organization.counties.set([county("Yakima")])
    sign_in(page, membership.user.email, PASSWORD)
    page.goto("/my/")
    assert_accessible(page, "applicant home")
    page.get_by_role("link", name="Start an application").click()
    assert_accessible(page, "start")
    page.get_by_label("Organization").select_option(str(membership.organization_id))
    page.get_by_label("Funding round").select_option(str(pilot.pk))
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_url(re.compile(r"/step/project/$"))
    page.get_by_label("Project title").fill("Neighbors and officers at one table")
    page.get_by_label("Experience with community engagement").fill("Five years of listening sessions.")
    page.locator("#autosave-status").filter(has_text="Saved at").wait_for()
    assert_accessible(page, "project step")
    application = Application.objects.get(organization=membership.organization)
    assert application.project_title == "Neighbors and officers at one table"

    # A second session (another browser window) finds the draft as it was left.
    second = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    sign_in(second, membership.user.email, PASSWORD)
    second.goto(f"/my/applications/{application.pk}/")
    assert second.get_by_label("Project title").input_value() == "Neighbors and officers at one table"
    second.get_by_role("button", name="Save and continue").click()
    second.wait_for_url(re.compile(r"/step/engagement/$"))
    second.get_by_label("Community engagement in your services").fill("Weekly bilingual meetings.")
    save_step(second, r"/step/partners/$")
    second.locator("#id_partners-0-name").fill("Yakima Police Department")
    second.locator("#id_partners-0-partner_type").select_option("law_enforcement")
    second.get_by_role("button", name="Save", exact=True).click()
    second.wait_for_url(re.compile(r"/step/partners/$"))
    second.locator("#id_partners-1-name").fill("Latino Community Fund")
    second.locator("#id_partners-1-partner_type").select_option("dei")
    save_step(second, r"/step/goals/$")
    second.locator("#id_goals-0-description").fill("Hold dialogue sessions")
    second.locator("#id_goals-0-metric").fill("Sessions held")
    second.locator("#id_goals-0-metric_code").select_option("dialogue_sessions")
    second.locator("#id_goals-0-target").fill("24")
    second.locator("#id_goals-0-timeframe").fill("By September 2023")
    save_step(second, r"/step/area/$")
    second.get_by_label("Communities you serve").fill("Yakima\nUnion Gap")
    save_step(second, r"/step/budget/$")
    second.get_by_label("Requested amount").fill("120000")
    second.get_by_label("Budget narrative").fill("A coordinator and meeting costs.")
    save_step(second, r"/step/attachments/$")
    second.locator("#id_file").set_input_files(
        files=[{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    second.get_by_label("What is this file?").fill("Budget sheet")
    second.get_by_role("button", name="Attach").click()
    second.get_by_role("link", name="budget.pdf").wait_for()
    assert_accessible(second, "attachments")
    second.get_by_role("link", name="Continue to review").click()
    second.wait_for_url(re.compile(r"/step/review/$"))
    assert_accessible(second, "review")
    second.get_by_role("button", name="Submit the application").click()
    second.wait_for_url(re.compile(rf"/my/applications/{application.pk}/$"))
    assert "submitted" in second.locator("#messages").inner_text()
    assert_accessible(second, "status")
    application.refresh_from_db()
    assert (
        application.status == "submitted" and application.has_dei_partner and application.has_measurable_goals
    )

    second.get_by_role("link", name="Withdraw the application").click()
    assert_accessible(second, "withdraw confirmation")
    second.get_by_label("Why are you withdrawing the application?").fill("We will join another applicant.")
    second.get_by_role("button", name="Withdraw the application").click()
    second.wait_for_url(re.compile(rf"/my/applications/{application.pk}/$"))
    application.refresh_from_db()
    assert application.is_withdrawn and application.withdrawal_reason == "We will join another applicant."
    second.context.close()


def test_staff_screen_a_round_filter_and_override(page, live_server):
    nonprofit = ApplicationFactory(reference="CLEP21-001", counties=["Yakima"])
    sheriff = ApplicationFactory(
        reference="CLEP21-002",
        counties=["Yakima"],
        organization=OrganizationFactory(org_type="law_enforcement"),
    )
    ApplicationFactory(reference="CLEP21-003", counties=["King"])
    manager = ProgramManagerFactory()
    activate_totp(manager)
    # Signed in by cookie: a code typed here could be refused as a replay of another test's within its
    # 30-second window (the password-and-code journey has its own test in test_foundation_pages).
    sign_in_by_cookie(page, manager, live_server.url)
    page.goto("/staff/")
    page.goto("/staff/rounds/")
    assert_accessible(page, "rounds")
    page.get_by_role("link", name="CLEP 2021 pilot", exact=True).click()
    assert_accessible(page, "dashboard")
    page.get_by_role("link", name="Screen the applications").click()
    assert_accessible(page, "screening list")
    page.get_by_label("Eligibility", exact=True).select_option("blocked")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"outcome=blocked"))
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page, "filtered list")
    # One compact row per application: the blockers unfold from its outcome line.
    page.locator("tbody tr summary").first.click()
    page.locator("tbody tr").get_by_role("link", name="CLEP21-001").click()
    page.wait_for_url(re.compile(rf"/staff/applications/{nonprofit.pk}/$"))
    assert_accessible(page, "application detail")
    page.get_by_label("Not eligible").check()
    page.get_by_label("Reason (required)").fill("The DEI partner withdrew its commitment.")
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(re.compile(rf"/staff/applications/{nonprofit.pk}/$"))
    assert "was saved" in page.locator("#messages").inner_text()
    assert_accessible(page, "after override")
    assert EligibilityOverride.objects.get(application=nonprofit, is_active=True).is_eligible is False
    page.goto(f"/staff/applications/{sheriff.pk}/")
    assert "No other eligible applicant" in page.locator("main").inner_text()
