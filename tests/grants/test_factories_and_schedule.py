"""The shared factories build consistent records, and reporting periods follow an award's period."""

from datetime import date

import pytest

from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import ApplicationFactory, AwardFactory, QuarterlyReportFactory

pytestmark = pytest.mark.django_db


def test_application_factory_serves_yakima_in_the_pilot_round():
    application = ApplicationFactory()
    assert application.funding_round.slug == "clep-2021"
    assert [c.name for c in application.counties.all()] == ["Yakima"]


def test_award_factory_takes_the_application_counties():
    award = AwardFactory(application=ApplicationFactory(counties=["King", "Pierce"]))
    assert sorted(c.name for c in award.counties.all()) == ["King", "Pierce"]
    assert award.organization == award.application.organization


def test_reporting_periods_cover_every_quarter_of_the_period_and_are_idempotent():
    award = AwardFactory(period_start=date(2021, 10, 1), period_end=date(2023, 9, 30))
    periods = ensure_reporting_periods(award)
    assert [p.label for p in periods][:2] == ["2021-Q4", "2022-Q1"]
    assert len(periods) == 8
    assert periods[0].due_on == date(2022, 1, 30)  # 30 days after the quarter ends, as the round says
    assert len(ensure_reporting_periods(award)) == 8
    assert award.reporting_periods.count() == 8


def test_an_amended_shorter_period_deactivates_quarters_but_keeps_their_reports():
    award = AwardFactory()
    ensure_reporting_periods(award)
    last = award.reporting_periods.get(year=2023, quarter=3)
    QuarterlyReportFactory(period=last)
    award.period_end = date(2023, 6, 30)
    award.save()
    assert len(ensure_reporting_periods(award)) == 7
    last.refresh_from_db()
    assert last.is_active is False
    assert last.report is not None
    award.period_end = date(2023, 9, 30)
    award.save()
    assert len(ensure_reporting_periods(award)) == 8
