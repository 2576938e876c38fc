"""Staff generate, watch, preview and publish a report in a real browser; the public reports page; all axe-checked."""

import re

import pytest

from reporting.models import ReportRun
from tests.browser.conftest import assert_accessible, sign_in_by_cookie
from tests.factories import ProgramManagerFactory, activate_totp, funding_round
from tests.reporting.builders import award_with_reports, seed_metrics
from tests.worker import skip_unless_real_services, worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pilot_with_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pilot = funding_round()
    metrics = seed_metrics(pilot)
    award_with_reports(pilot, metrics, 0, name="Yakima Valley Unidos", counties=["Yakima"])
    award_with_reports(
        pilot, metrics, 1, name="Tri-Cities Community Bridges", counties=["Benton", "Franklin"]
    )
    return pilot


@pytest.fixture
def manager_page(page, live_server):
    """A program manager with an authenticator app, signed in. The sign-in journey itself (password, then the
    authenticator code) is covered by test_foundation_pages; reusing one TOTP code in two tests within its
    30-second window would be refused as a replay, so this session is made by Django's test client."""
    manager = ProgramManagerFactory()
    activate_totp(manager)
    sign_in_by_cookie(page, manager, live_server.url)
    page.set_default_timeout(60000)
    page.goto("/staff/")
    return page


def test_staff_generate_preview_and_publish_then_the_public_page_serves_it(manager_page, pilot_with_data):
    page = manager_page
    page.goto("/staff/reports/")
    assert page.locator("h1").inner_text() == "Legislative reports"
    assert_accessible(page, "staff reports")

    page.locator('a[href="/staff/reports/narratives/clep-2021/preliminary/"]').click()
    assert_accessible(page, "narrative form")
    page.get_by_label("Summary").fill("Twelve areas were listed; the pilot funds two grantees in this test.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/staff/reports/$"))

    page.get_by_role("link", name="Generate a report").click()
    assert_accessible(page, "generate form")
    page.get_by_label("Kind of report").select_option("preliminary")
    page.get_by_label("Funding round").select_option("clep-2021")
    page.get_by_label("Status as of").fill("2021-12-15")
    page.get_by_role("button", name="Generate").click()
    page.wait_for_url(re.compile(r"/staff/reports/\d+/$"))
    page.get_by_text("Succeeded").wait_for()
    assert_accessible(page, "run page")

    page.get_by_role("link", name="Preview").click()
    page.wait_for_url(re.compile(r"/preview/$"))
    assert page.locator("h1").count() == 1
    assert "Yakima Valley Unidos" in page.locator(".report-preview").inner_text()
    assert "Twelve areas were listed" in page.locator(".report-preview").inner_text()
    assert_accessible(page, "report preview")

    page.get_by_role("link", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/publish/$"))
    assert_accessible(page, "publish confirmation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/reports/\d+/$"))
    run = ReportRun.objects.get()
    assert run.is_current

    anonymous = page.context.browser.new_context(base_url=page.url.split("/staff/")[0], locale="en-US")
    public = anonymous.new_page()
    public.goto("/reports/")
    assert public.locator("h1").count() == 1
    assert_accessible(public, "public reports")
    with public.expect_download() as download:
        public.get_by_role("link", name="Data tables (CSV, zip)").click()
    assert download.value.suggested_filename.endswith("-data.zip")
    response = public.request.get(f"/reports/{run.pk}/report.pdf")
    assert response.ok
    assert response.body().startswith(b"%PDF-")
    anonymous.close()


def test_run_page_updates_itself_while_the_run_is_in_progress(manager_page, pilot_with_data):
    page = manager_page
    run = ReportRun.objects.create(
        kind="final", funding_round=pilot_with_data, status="running", progress=35, step="Drawing charts"
    )
    page.goto(f"/staff/reports/{run.pk}/")
    page.get_by_text("Drawing charts").wait_for()
    assert_accessible(page, "running run page")

    ReportRun.objects.filter(pk=run.pk).update(
        status="failed", error="The report could not be generated (test)."
    )
    # htmx polls the status fragment every two seconds: the error appears without reloading the page.
    page.get_by_text("The report could not be generated (test).").wait_for(timeout=15000)
    assert page.url.endswith(f"/staff/reports/{run.pk}/")
    assert_accessible(page, "failed run page")


def test_public_reports_page_without_reports_is_accessible(page):
    page.goto("/reports/")
    assert page.locator("h1").inner_text() == "Reports to the Legislature"
    assert "No report has been published yet." in page.content()
    assert_accessible(page, "empty public reports")


@pytest.mark.worker
def test_staff_generate_the_final_report_through_a_real_worker_then_publish_it(
    manager_page, pilot_with_data, settings, monkeypatch
):
    """The whole staff journey with the job sent through Redis to a real Celery worker process (CI)."""
    skip_unless_real_services()
    # The worker process stores the files where the live server reads them.
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    page = manager_page
    with worker():
        page.goto("/staff/reports/generate/")
        page.get_by_label("Kind of report").select_option("final")
        page.get_by_label("Funding round").select_option("clep-2021")
        page.get_by_label("Period starts").fill("2021-10-01")
        page.get_by_label("Period ends").fill("2023-09-30")
        page.get_by_role("button", name="Generate").click()
        page.wait_for_url(re.compile(r"/staff/reports/\d+/$"))
        # The run page polls its status: queued, running with progress, then succeeded, without a reload.
        page.get_by_text("Succeeded").wait_for(timeout=180000)
    run = ReportRun.objects.get()
    assert run.task_id and run.status == ReportRun.Status.SUCCEEDED
    assert_accessible(page, "run page after a real worker")

    page.get_by_role("link", name="Preview").click()
    assert "Tri-Cities Community Bridges" in page.locator(".report-preview").inner_text()
    page.go_back()
    page.get_by_role("link", name="Publish", exact=True).click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/reports/\d+/$"))

    response = page.request.get(f"/reports/{run.pk}/report.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
