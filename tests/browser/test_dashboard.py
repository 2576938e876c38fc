"""The public dashboard and an organization's page in a real browser: axe-clean in English, Spanish and Tagalog,
usable on a 390-pixel phone, charts with their tables, CSV downloads."""

import pytest

from grants.models import QuarterlyReport
from tests.browser.conftest import assert_accessible, set_language
from tests.factories import funding_round
from tests.reporting.builders import award_with_reports, seed_metrics

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def grantees():
    pilot = funding_round("clep-2021")
    metrics = seed_metrics(pilot)
    first = award_with_reports(pilot, metrics, 0, name="Yakima Valley Unidos", counties=["Yakima"])
    second = award_with_reports(pilot, metrics, 1, name="Tri-Cities Bridges", counties=["Benton", "Franklin"])
    report = second.reporting_periods.order_by("year", "quarter").last().report
    report.status = QuarterlyReport.Status.RETURNED
    report.save()
    return first, second


@pytest.mark.parametrize("language", ["en", "es", "tl"])
def test_dashboard_and_organization_page_pass_axe_in_each_language(page, grantees, language):
    page.goto("/")
    if language != "en":
        set_language(page, language)
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
    page.get_by_role("navigation", name=page.locator("nav.site-nav").get_attribute("aria-label")).locator(
        'a[href="/dashboard/"]'
    ).click()
    page.wait_for_url("**/dashboard/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert page.locator("svg[role=img] title").count() >= 5
    # Every chart has a data table beside it.
    assert (
        page.locator("figure.chart").count()
        == page.locator("figure.chart + * table, .col-lg-5 table").count() - 1
    )
    assert_accessible(page, f"dashboard [{language}]")

    page.locator(f'a[href="/dashboard/organizations/{grantees[0].organization_id}/"]').first.click()
    page.wait_for_url(f"**/dashboard/organizations/{grantees[0].organization_id}/")
    assert page.locator("h1").inner_text() == "Yakima Valley Unidos"
    assert_accessible(page, f"organization page [{language}]")


def test_dashboard_fits_a_390_pixel_phone_and_offers_csv(page, grantees):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".bar-chart").first.bounding_box()["width"] <= 390
    with page.expect_download() as download:
        page.locator('a[href="/dashboard/data/counties.csv"]').first.click()
    with open(download.value.path(), encoding="utf-8") as file:
        text = file.read()
    assert text.splitlines()[0] == "county,fips,awards,amount"
    assert "Yakima,53077,1,100000.00" in text
    assert_accessible(page, "dashboard at 390 px")
