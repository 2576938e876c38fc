import pytest

from grants.models import QuarterlyReport
from tests.factories import funding_round
from tests.reporting.builders import award_with_reports, seed_metrics


@pytest.fixture
def pilot(db):
    return funding_round("clep-2021")


@pytest.fixture
def grantees(pilot):
    """Two grantees with eight accepted quarters each; the second's last report is submitted, not accepted."""
    metrics = seed_metrics(pilot)
    first = award_with_reports(pilot, metrics, 0, name="Yakima Valley Unidos", counties=["Yakima"])
    second = award_with_reports(pilot, metrics, 1, name="Tri-Cities Bridges", counties=["Benton", "Franklin"])
    pending = second.reporting_periods.order_by("year", "quarter").last().report
    pending.status = QuarterlyReport.Status.SUBMITTED
    pending.save()
    return first, second, pending
