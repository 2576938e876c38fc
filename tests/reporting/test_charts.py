"""Charts are deterministic SVG with alt text that states what they show."""

from decimal import Decimal

import pytest

from grants.selectors.figures import CoverageRow
from reporting.charts import completeness_chart, coverage_map, report_charts, trend_chart
from reporting.figures import build_report

pytestmark = pytest.mark.django_db


def test_completeness_chart_counts_each_status_from_the_table(report_data):
    outcomes = build_report("final", report_data["round"], {}).outcomes
    chart = completeness_chart(outcomes.completeness.rows, outcomes.quarters)
    assert "22 on time, 0 late, 1 returned, 1 missing" in chart.alt


def test_charts_are_deterministic_accessible_svg(report_data):
    report = build_report("final", report_data["round"], {})
    first, second = report_charts(report), report_charts(report)

    assert first["survey"].svg == second["survey"].svg
    # The raw crime-count chart is gone: crime is shown as rates per 1,000 residents with a comparison.
    for chart in [*first["activities"].values(), first["survey"], first["engagement"], first["completeness"]]:
        assert chart.svg.startswith('<svg role="img" aria-label="')
        assert f"<title>{chart.alt[:20]}" in chart.svg
        assert "<metadata" not in chart.svg
        assert "Date" not in chart.svg
        assert chart.data_uri.startswith("data:image/svg+xml;base64,")


def test_trend_chart_alt_text_describes_first_last_and_peak(report_data):
    outcomes = build_report("final", report_data["round"], {}).outcomes
    chart = trend_chart(outcomes.crime)
    assert chart.alt.startswith("Line chart of reported crimes by quarter. Reported crimes: ")
    assert "in 2021-Q4" in chart.alt and "in 2023-Q3" in chart.alt


def test_coverage_map_draws_every_county_and_names_the_served_ones(pilot):
    rows = [
        CoverageRow("Yakima", "53077", 1, Decimal("1")),
        CoverageRow("Benton", "53005", 2, Decimal("2")),
        CoverageRow("King", "53033", 0, Decimal("0")),
    ]
    chart = coverage_map(rows)
    assert chart.svg.count("<path") == 39
    assert "Served by a grantee (2): Benton, Yakima." in chart.alt
    assert "Listed but not served (1): King." in chart.alt


def test_charts_stay_plain_svg_after_another_library_registers_an_svg_prefix(report_data):
    from xml.etree import ElementTree

    # qrcode does this each time it draws the authenticator QR code on the MFA set-up page.
    ElementTree.register_namespace("svg", "http://www.w3.org/2000/svg")
    try:
        charts = report_charts(build_report("final", report_data["round"], {}))
    finally:
        ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    for chart in charts.values():
        for one in chart.values() if isinstance(chart, dict) else [chart]:
            assert one.svg.startswith('<svg role="img" aria-label="'), one.svg[:80]
            assert 'xmlns="http://www.w3.org/2000/svg"' in one.svg.split(">", 1)[0]
            assert "<svg:" not in one.svg and "<ns0:" not in one.svg, one.svg[:80]


def test_activity_chart_draws_one_panel_per_measure_and_never_adds_units(report_data):
    outcomes = build_report("final", report_data["round"], {}).outcomes
    partnership = next(t for t in outcomes.activity_trends if t.key == "activities-partnership")
    chart = trend_chart(partnership)

    assert chart.alt.startswith(f"{len(partnership.series)} small line charts, one per measure,")
    for label in partnership.series:
        assert label in chart.alt
        assert label.split()[0] in chart.svg  # each panel is titled with its measure, no legend to clip
    assert ".00" not in chart.alt  # counts read as whole numbers
