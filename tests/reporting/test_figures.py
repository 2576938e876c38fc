"""Report figures are computed from the database, deterministic, and leave out personal contact data."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants.models import MetricValue, QuarterlyReport
from grants.selectors.figures import split_evenly
from reporting.figures import biennium, build_report, report_period
from reporting.services import save_narrative
from reporting.tables import tables_zip

pytestmark = pytest.mark.django_db


def rows_by_first_column(table):
    return {row[0]: row for row in table.rows}


def test_preliminary_screening_counts_received_eligible_and_the_law_enforcement_rule(report_data):
    report = build_report("preliminary", report_data["round"], {"as_of": "2021-12-15"})
    screening = report.selection.screening

    assert screening.received == 6  # three grantees, one without a DEI partner, one withdrawn, one sheriff
    assert screening.withdrawn == 1
    assert screening.eligible == 3
    assert screening.ineligible == 2
    criteria = rows_by_first_column(screening.ineligible_by_criterion)
    assert criteria["Committed diversity, equity and inclusion partner"][1] == 1
    assert criteria["Law-enforcement rule (another eligible applicant serves the area)"][1] == 1
    (sheriff,) = screening.law_enforcement.rows
    assert sheriff[0] == "Yakima County Sheriff's Office"
    assert sheriff[1] == "No"
    assert "Yakima Valley Unidos" in sheriff[2]


def test_preliminary_lists_recipients_with_service_areas_and_coverage(report_data):
    report = build_report("preliminary", report_data["round"], {"as_of": "2021-12-15"})
    selection = report.selection

    recipients = rows_by_first_column(selection.recipients_table)
    assert list(recipients) == sorted(recipients)
    assert recipients["Tri-Cities Community Bridges"][1] == "Benton-Franklin"
    assert recipients["Tri-Cities Community Bridges"][2] == "Benton, Franklin"
    assert selection.total_awarded == sum(a.amount for a in report_data["awards"])
    assert selection.recipients_table.footer[3] == selection.total_awarded
    # Coverage is per county (issue 10): listed areas split into their counties, from the read model.
    coverage = rows_by_first_column(selection.coverage)
    assert coverage["Yakima"][1:] == ("Yakima", 1, report_data["awards"][0].amount, "Yes")
    assert coverage["King"][2:] == (0, Decimal("0"), "No")
    assert coverage["Franklin"][1:3] == ("Benton-Franklin", 1)
    assert selection.counties_listed == 14
    assert selection.counties_covered == 4
    assert {"53077", "53005", "53021", "53063"} == {r.fips for r in selection.coverage_rows if r.awards}
    assert len(report.catalog.rows) == 24
    assert report.schedule.rows[0] == ("2021-Q4", "2021-10-01", "2021-12-31", "2022-01-30")


def test_final_funds_match_the_database(report_data):
    report = build_report("final", report_data["round"], {})
    outcomes = report.outcomes
    counted = MetricValue.objects.filter(
        metric__code="expenditures",
        report__status__in=[QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED],
    )
    expected = sum(v.number for v in counted)

    assert outcomes.grantee_count == 3
    assert outcomes.total_expended == expected
    assert outcomes.total_awarded == sum(a.amount for a in report_data["awards"])
    # County shares add up to the totals exactly, to the cent.
    county_rows = outcomes.counties.rows
    assert sum(row[2] for row in county_rows) == outcomes.total_awarded
    assert sum(row[3] for row in county_rows) == outcomes.total_expended
    assert [row[0] for row in county_rows] == ["Benton", "Franklin", "Spokane", "Yakima"]
    assert outcomes.quarters[0] == "2021-Q4" and outcomes.quarters[-1] == "2023-Q3"


def test_final_activity_trends_completeness_and_goals(report_data):
    outcomes = build_report("final", report_data["round"], {}).outcomes
    dialogue = MetricValue.objects.filter(
        metric__code="dialogue_sessions", report__status=QuarterlyReport.Status.ACCEPTED
    )
    totals = {(row[0], row[1]): row[2] for row in outcomes.activity_totals.rows}
    label = report_data["metrics"]["dialogue_sessions"].label_text

    assert totals[("Partnership and dialogue", label)] == sum(v.number for v in dialogue)
    partnership = outcomes.activity_trends[0]
    assert partnership.quarters == outcomes.quarters
    assert sum(v or 0 for v in partnership.series[label]) == sum(v.number for v in dialogue)
    assert outcomes.completeness_totals == {
        "due": 24,
        "on_time": 22,
        "late": 0,
        "returned": 1,
        "missing": 1,
        "not_yet_due": 0,
    }
    goal_rows = outcomes.goals.rows
    assert len(goal_rows) == 3
    assert all(row[3] == Decimal("20") and row[4] is not None for row in goal_rows)
    assert outcomes.survey.table.rows[0][3] is not None
    assert outcomes.crime_sources.rows == (("Washington Association of Sheriffs and Police Chiefs", 3),)


def test_same_data_gives_the_same_figures_and_tables(report_data):
    first = build_report("final", report_data["round"], {})
    second = build_report("final", report_data["round"], {})

    assert [t.rows for t in first.tables] == [t.rows for t in second.tables]
    assert tables_zip(first.tables) == tables_zip(second.tables)


def test_no_personal_contact_data_in_any_table(report_data):
    organizations = [a.organization for a in report_data["awards"]]
    for kind, parameters in [("preliminary", {"as_of": "2021-12-15"}), ("biennial", {"year": 2023})]:
        report = build_report(kind, report_data["round"], parameters)
        text = "\n".join(t.csv_text() for t in report.tables)
        for organization in organizations:
            assert organization.legal_name in text
            assert organization.contact_email not in text
            assert organization.contact_name not in text


def test_staff_narrative_goes_into_the_report(report_data, program_manager):
    save_narrative(report_data["round"], "final", by=program_manager, highlights="Youth soccer league.")
    assert build_report("final", report_data["round"], {}).narrative.highlights == "Youth soccer league."
    assert build_report("preliminary", report_data["round"], {}).narrative.highlights == ""


def test_figures_take_a_fixed_number_of_queries(report_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        build_report("biennial", report_data["round"], {"year": 2023})


def test_report_periods():
    assert biennium(2023) == (date(2021, 7, 1), date(2023, 6, 30))


def test_final_report_period_defaults_to_the_round(pilot):
    assert report_period("final", pilot, {}) == (pilot.period_start, pilot.period_end)
    assert report_period("final", pilot, {"period_start": "2022-01-01", "period_end": "2022-12-31"}) == (
        date(2022, 1, 1),
        date(2022, 12, 31),
    )


@given(
    amount=st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
    parts=st.integers(min_value=1, max_value=39),
)
def test_split_evenly_adds_up_to_the_cent(amount, parts):
    shares = split_evenly(amount, parts)
    assert len(shares) == parts
    assert sum(shares) == amount
    assert max(shares) - min(shares) <= Decimal("0.01") * parts


def test_long_per_grantee_tables_go_to_the_csv_only(report_data, monkeypatch):
    from reporting import outcomes
    from reporting.render import render_html, report_context

    monkeypatch.setattr(outcomes, "PDF_ROW_LIMIT", 2)
    report = build_report("final", report_data["round"], {})
    assert not report.outcomes.goals.in_pdf
    assert report.outcomes.grantees.in_pdf  # every grantee is always named in the PDF
    html = render_html(report_context(report, {}, report_data["round"]))
    assert (
        "3 rows, too many to print; the full table is in the data download (progress-against-goals.csv)"
        in html
    )
    assert report.outcomes.goals in report.tables


def test_the_appendix_names_the_per_grantee_tables_in_the_data_download(report_data):
    """The per-grantee activity tables are in the CSV zip only; the PDF's appendix says which files."""
    from django.utils.html import escape

    from reporting.render import render_html, report_context

    report = build_report("final", report_data["round"], {})
    appendix = report.outcomes.appendix
    assert appendix and not any(table.in_pdf for table in appendix)
    assert all(table in report.tables for table in appendix)
    html = render_html(report_context(report, {}, report_data["round"]))
    section = html[html.index('<section id="appendix"') :]
    for table in appendix:
        assert f"{escape(table.caption)}: {table.key}.csv" in section
    assert '<table class="data-table">' not in section
