import pytest

from grants.models import Organization, QuarterlyReport
from tests.factories import ApplicationFactory, OrganizationFactory, funding_round
from tests.reporting.builders import award_with_reports, seed_metrics


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pilot(db):
    return funding_round("clep-2021")


@pytest.fixture
def report_data(pilot, media):
    """Three grantees of the 2021 pilot with eight quarters each (one report returned, one missing), an
    ineligible applicant, a withdrawn one and a law-enforcement applicant blocked by an eligible nonprofit."""
    metrics = seed_metrics(pilot)
    awards = [
        award_with_reports(pilot, metrics, 0, name="Yakima Valley Unidos", counties=["Yakima"]),
        award_with_reports(
            pilot, metrics, 1, name="Tri-Cities Community Bridges", counties=["Benton", "Franklin"]
        ),
        award_with_reports(
            pilot, metrics, 2, name="Spokane Neighbors Together", counties=["Spokane"], quarters=7
        ),
    ]
    returned = awards[1].reporting_periods.order_by("year", "quarter").last().report
    returned.status = QuarterlyReport.Status.RETURNED
    returned.save()
    ApplicationFactory(funding_round=pilot, has_dei_partner=False, counties=["King"])
    ApplicationFactory(funding_round=pilot, status="withdrawn", counties=["Pierce"])
    ApplicationFactory(
        funding_round=pilot,
        organization=OrganizationFactory(
            legal_name="Yakima County Sheriff's Office", org_type=Organization.Type.LAW_ENFORCEMENT
        ),
        counties=["Yakima"],
    )
    return {"round": pilot, "metrics": metrics, "awards": awards}


@pytest.fixture
def fast_render(monkeypatch):
    """Skip matplotlib and WeasyPrint for tests about the job itself, not the PDF's content."""
    monkeypatch.setattr("reporting.charts.report_charts", lambda report: {})
    monkeypatch.setattr("reporting.render.render_pdf", lambda html: b"%PDF-1.7 stub " + html[:2000].encode())
