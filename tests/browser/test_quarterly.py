"""Quarterly reporting in a real browser, checked with axe: the grantee journey in three languages and the
staff journey (board, review, return, accept)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from grants.models import QuarterlyReport
from grants.services import quarterly as services
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.factories import PASSWORD, GoalFactory, ProgramManagerFactory, activate_totp, totp_code
from tests.grants.quarterly_fixtures import FULL, NARRATIVES, grantee_award, submitted_report

pytestmark = pytest.mark.django_db(transaction=True)


def _fill(page, values):
    for code, value in values.items():
        page.fill(f"#id_m_{code}", value)


@pytest.mark.parametrize("language", ["en", "es", "tl"])
def test_grantee_pages_pass_axe_in_each_language(page, language):
    award, periods, member = grantee_award(language=language)
    GoalFactory(application=award.application, metric_code="dialogue_sessions", target=Decimal("30"))
    GoalFactory(application=award.application, metric_code="survey_trust_percent", target=Decimal("65"))
    for period in periods[:3]:
        submitted_report(period, member)
    manager = ProgramManagerFactory()
    services.return_quarterly_report(periods[2].report, by=manager, comment="Please check the participants.")
    sign_in(page, member.email, PASSWORD)
    page.goto("/my/")
    if language != "en":
        set_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
    pages = [
        "/my/",
        "/my/quarterly/",
        f"/my/quarterly/{periods[3].pk}/",
        f"/my/quarterly/{periods[0].pk}/review/",
        f"/my/quarterly/{periods[2].pk}/",
        f"/my/quarterly/{periods[3].pk}/upload/",
        f"/my/quarterly/awards/{award.pk}/progress/",
    ]
    for path in pages:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, f"{path} [{language}]")
    page.goto(f"/my/quarterly/awards/{award.pk}/progress/")
    chart = page.locator("figure.progress-chart img").first
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    if language == "es":
        assert "Sesiones de diálogo realizadas" in page.locator("main").inner_text()


def test_grantee_fills_autosaves_submits_sees_it_returned_and_resubmits(page):
    _award, periods, member = grantee_award()
    period = periods[0]
    sign_in(page, member.email, PASSWORD)
    page.goto("/my/quarterly/")
    page.get_by_role("link", name=f"Fill in {period.label}").click()
    page.wait_for_url(re.compile(rf"/my/quarterly/{period.pk}/$"))

    # Autosave: typing saves the draft and the live region says so.
    page.fill("#id_m_dialogue_sessions", "4")
    page.fill("#id_highlights", NARRATIVES["highlights"])
    page.locator("#autosave-status").get_by_text("Draft saved").wait_for()
    assert QuarterlyReport.objects.get(period=period).values.get().number == 4

    # A wrong value is named, and what was typed stays.
    _fill(page, {**FULL, "survey_trust_percent": "120"})
    page.get_by_role("button", name="Save and review").click()
    expect(page.locator(".alert-danger")).to_contain_text("enter a percentage from 0 to 100")
    assert page.input_value("#id_m_survey_trust_percent") == "120"
    assert page.input_value("#id_m_community_participants") == "120"
    assert_accessible(page, "form with errors")

    page.fill("#id_m_survey_trust_percent", "61.5")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert_accessible(page, "review")
    page.get_by_role("button", name="Submit to Commerce").click()
    page.wait_for_url(re.compile(r"/my/quarterly/$"))
    assert "was sent to Commerce" in page.locator("#messages").inner_text()
    assert QuarterlyReport.objects.get(period=period).status == "submitted"

    services.return_quarterly_report(
        QuarterlyReport.objects.get(period=period),
        by=ProgramManagerFactory(),
        comment="Add your data source.",
    )
    page.goto("/my/quarterly/")
    assert "Add your data source." in page.locator("main").inner_text()
    assert_accessible(page, "quarterly home with a returned report")
    page.get_by_role("link", name=f"Revise {period.label}").click()
    expect(page.locator(".alert-warning")).to_contain_text("Add your data source.")
    page.fill("#id_m_crime_data_source", "Yakima County Sheriff's Office RMS")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(re.compile(r"/review/$"))
    page.get_by_role("button", name="Resubmit to Commerce").click()
    page.wait_for_url(re.compile(r"/my/quarterly/$"))
    report = QuarterlyReport.objects.get(period=period)
    assert (report.status, report.version) == ("submitted", 2)


def test_staff_board_review_return_and_accept(page):
    award, periods, member = grantee_award()
    report = submitted_report(periods[0], member)
    manager = ProgramManagerFactory()
    activate_totp(manager)
    sign_in(page, manager.email, PASSWORD, totp_code())
    page.wait_for_url(re.compile(r"/staff/$"))
    page.get_by_role("link", name="Quarterly submissions").first.click()
    page.wait_for_url(re.compile(r"/staff/submissions/"))
    assert_accessible(page, "submissions board")
    page.select_option("#id_state", "submitted")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"state=submitted"))
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page, "filtered board")
    page.locator("tbody tr a").first.click()
    page.wait_for_url(re.compile(rf"/staff/submissions/{report.pk}/$"))
    assert_accessible(page, "submission detail")

    page.get_by_role("button", name="Return for revision").click()
    expect(page.locator("#messages")).to_contain_text("Comments are required")
    page.fill("#id_comment", "Participants look doubled; please check.")
    page.get_by_role("button", name="Return for revision").click()
    expect(page.locator("#messages")).to_contain_text("returned for revision")
    report.refresh_from_db()
    assert report.status == "returned"

    services.save_quarterly_draft(
        periods[0], raw_values={"community_participants": "60"}, narratives=NARRATIVES, by=member
    )
    services.submit_quarterly_report(report, by=member)
    page.reload()
    expect(page.locator("main")).to_contain_text("What changed from version 1 to version 2")
    assert_accessible(page, "submission with changes")
    page.get_by_role("button", name="Accept the report").click()
    expect(page.locator("#messages")).to_contain_text("accepted")
    report.refresh_from_db()
    assert report.status == "accepted"

    page.goto(f"/staff/rounds/{award.funding_round.slug}/metrics/")
    assert_accessible(page, "metrics of the round")
    page.get_by_role("link", name="Edit dialogue_sessions").click()
    assert_accessible(page, "edit metric")
