"""The read model of program figures (grants.selectors.figures): each rule on the shared scenario."""

from datetime import date
from decimal import Decimal

import pytest

from grants.selectors import figures
from tests.grants import figures_scenario

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


@pytest.fixture
def scenario(monkeypatch):
    return figures_scenario.build(monkeypatch)


def _by_contract(result):
    return {a.contract_number: a for a in result.awards}


def test_only_submitted_and_accepted_versions_count(scenario):
    result = figures.program_figures(scenario.round, on=TODAY)
    alpha = _by_contract(result)[scenario.alpha.contract_number]
    # 5 + 6 imported, 8 resubmitted (not the 9 first sent), 4 late; the returned 2022-Q3 (9) does not count.
    assert alpha.metrics["dialogue_sessions"] == Decimal("23")
    assert alpha.expended == Decimal("35000.00")
    assert "2022-Q3" not in result.values[scenario.alpha.pk]
    assert result.values[scenario.alpha.pk]["2022-Q2"]["dialogue_sessions"] == Decimal("8")


def test_accepted_only_counts_only_what_commerce_accepted(scenario):
    result = figures.program_figures(scenario.round, on=TODAY, accepted_only=True)
    assert result.totals.metrics == {"dialogue_sessions": Decimal("3"), "expenditures": Decimal("2500.50")}


def test_first_submission_decides_on_time_and_imports_are_on_time(scenario):
    alpha = _by_contract(figures.program_figures(scenario.round, on=TODAY))[scenario.alpha.contract_number]
    assert alpha.quarters == {
        "2021-Q4": "on_time",  # imported today: still on time
        "2022-Q1": "on_time",
        "2022-Q2": "on_time",  # first sent on time, resubmitted late
        "2022-Q3": "returned",
        "2022-Q4": "missing",
        "2023-Q1": "late",
        "2023-Q2": "missing",
        "2023-Q3": "missing",
    }


def test_completeness_adds_up_and_not_yet_due_depends_on_the_day(scenario):
    result = figures.program_figures(scenario.round, on=TODAY)
    assert result.completeness == {
        "due": 24,
        "on_time": 5,
        "late": 1,
        "returned": 1,
        "missing": 17,
        "not_yet_due": 0,
    }
    early = figures.program_figures(scenario.round, on=date(2022, 2, 15))
    # ``on`` decides which quarters are due: what was received counts as received, nothing is missing yet.
    assert early.completeness["missing"] == 0
    assert early.completeness["not_yet_due"] == 17
    assert early.completeness["due"] == 7


def test_period_limits_the_quarters(scenario):
    result = figures.program_figures(
        scenario.round, period_start=date(2022, 1, 1), period_end=date(2022, 12, 31), on=TODAY
    )
    alpha = _by_contract(result)[scenario.alpha.contract_number]
    assert list(alpha.quarters) == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    assert alpha.metrics["dialogue_sessions"] == Decimal("14")
    assert result.quarter_labels == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]


def test_status_ended_is_derived_from_the_period(scenario):
    result = _by_contract(figures.program_figures(scenario.round, on=TODAY))
    assert result[scenario.alpha.contract_number].status == "ended"
    assert result[scenario.charlie.contract_number].status == "terminated"
    during = _by_contract(figures.program_figures(scenario.round, on=date(2022, 6, 1)))
    assert during[scenario.alpha.contract_number].status == "active"


def test_coverage_splits_areas_into_counties_and_leaves_out_terminated_awards(scenario):
    rows = {row.county: row for row in figures.program_figures(scenario.round, on=TODAY).coverage}
    # The listed areas' 14 counties, each with its row.
    assert len(rows) == 14
    assert (rows["Benton"].awards, rows["Benton"].amount) == (1, Decimal("50000.00"))
    assert (rows["Franklin"].awards, rows["Franklin"].amount) == (0, Decimal("0"))
    assert rows["Chelan"].awards == rows["Douglas"].awards == 0  # Charlie is terminated
    assert rows["Yakima"].amount == Decimal("100000.00")


def test_coverage_of_a_statewide_round_lists_every_county(scenario):
    rows = {row.county: row for row in figures.program_figures(scenario.statewide, on=TODAY).coverage}
    assert len(rows) == 39
    assert rows["Adams"].awards == 1
    assert sum(row.awards for row in rows.values()) == 1


def test_an_award_in_several_counties_is_split_evenly_to_the_cent():
    assert figures.split_evenly(Decimal("80000.01"), 2) == [Decimal("40000.01"), Decimal("40000.00")]


def test_several_rounds_at_once(scenario):
    result = figures.program_figures([scenario.round, scenario.statewide], on=TODAY)
    assert result.rounds == ["clep-2021", "clep-2023"]
    assert len(result.awards) == 4
    assert result.totals.awarded == Decimal("290000.01")


def test_json_is_the_commands_contract(scenario):
    data = figures.figures_as_json(figures.program_figures(scenario.round, on=TODAY))
    assert list(data) == [
        "round",
        "period_start",
        "period_end",
        "awards",
        "totals",
        "completeness",
        "coverage",
    ]
    assert data["round"] == "clep-2021"
    alpha = next(a for a in data["awards"] if a["contract_number"] == scenario.alpha.contract_number)
    assert list(alpha) == [
        "contract_number",
        "organization",
        "counties",
        "amount",
        "status",
        "expended",
        "metrics",
        "quarters",
    ]
    assert alpha["amount"] == "100000.00"
    assert alpha["expended"] == "35000.00"
    assert alpha["metrics"] == {"dialogue_sessions": "23", "expenditures": "35000.00"}
    assert data["totals"] == {
        "awarded": "230000.01",
        "expended": "38500.50",
        "metrics": {"dialogue_sessions": "28", "expenditures": "38500.50"},
    }
    assert {"county": "Benton", "awards": 1, "amount": "50000.00"} in data["coverage"]


def _many_awards(count):
    """``count`` awards in several counties, each with eight reports of two values."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from grants.models import Metric, MetricValue, QuarterlyReport
    from grants.services.reporting_periods import ensure_reporting_periods
    from tests.factories import ApplicationFactory, AwardFactory, GoalFactory, funding_round

    clep21 = funding_round("clep-2021")
    metrics = list(
        Metric.objects.filter(funding_round=clep21, code__in=["dialogue_sessions", "expenditures"])
    )
    for index in range(count):
        application = ApplicationFactory(funding_round=clep21, counties=["Benton", "Franklin"])
        GoalFactory(application=application, metric_code="dialogue_sessions", timeframe="Each year")
        award = AwardFactory(application=application)
        for period in ensure_reporting_periods(award):
            sent = timezone.make_aware(datetime.combine(period.due_on - timedelta(days=index % 3), time(9)))
            report = QuarterlyReport.objects.create(
                period=period, status="accepted", version=1, submitted_at=sent, first_submitted_at=sent
            )
            MetricValue.objects.bulk_create(
                MetricValue(report=report, metric=metric, number=Decimal("3")) for metric in metrics
            )
    return clep21


def test_program_figures_reads_in_a_constant_number_of_queries(django_assert_max_num_queries):
    clep21 = _many_awards(25)
    with django_assert_max_num_queries(8):
        result = figures.program_figures(clep21, on=TODAY)
    metrics = {m.code: m for m in clep21.metrics.all()}
    with django_assert_max_num_queries(1):
        progress = figures.goals_progress(result, metrics)
    assert len(result.awards) == 25 and result.completeness["on_time"] == 25 * 8
    assert result.totals.metrics["dialogue_sessions"] == Decimal(25 * 8 * 3)
    assert all(p.latest == Decimal("12") for items in progress.values() for _goal, p in items)


def test_program_figures_command_reads_in_a_constant_number_of_queries(django_assert_max_num_queries):
    import io

    from django.core.management import call_command

    _many_awards(25)
    out = io.StringIO()
    with django_assert_max_num_queries(10):
        call_command("program_figures", "--round", "clep-2021", "--format", "table", stdout=out)
    assert "Benton" in out.getvalue() and "on_time 200" in out.getvalue()
