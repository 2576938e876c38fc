"""The analysis read from the database: the demo's synthetic county statistics, the loader's counted values,
and a fixed number of queries whatever the number of grantees."""

import pytest

from grants.demo import statistics as demo_statistics
from grants.models import CountyStatistic
from grants.reference_data import POPULATION_SOURCE
from reporting.analysis import program_analysis
from reporting.analysis.loader import load_awards
from tests.reporting.builders import award_with_reports

pytestmark = pytest.mark.django_db


def test_demo_statistics_cover_all_39_counties_2020_to_2023_labelled_synthetic_and_load_once():
    demo_statistics.load()
    rows = CountyStatistic.objects.filter(year__in=demo_statistics.YEARS)
    assert rows.count() == 39 * 4
    assert set(rows.values_list("source", flat=True)) == {demo_statistics.SOURCE}
    assert "Synthetic demo data" in demo_statistics.SOURCE and "not real" in demo_statistics.SOURCE
    before = (CountyStatistic.objects.count(), CountyStatistic.history.count())
    snapshot = list(rows.order_by("county_id", "year").values_list("population", "offenses"))
    demo_statistics.load()
    assert (CountyStatistic.objects.count(), CountyStatistic.history.count()) == before
    assert list(rows.order_by("county_id", "year").values_list("population", "offenses")) == snapshot


def test_the_report_s_analysis_from_the_database_compares_funded_with_unfunded_counties(report_data):
    demo_statistics.load()
    analysis = program_analysis(report_data["round"])
    comparison = analysis.comparisons["clep-2021"]
    assert comparison.is_available, comparison.reason
    assert (comparison.baseline_year, comparison.after_year) == (2020, 2022)
    assert comparison.funded.counties == ("Benton", "Franklin", "Spokane", "Yakima")
    assert len(comparison.comparison.counties) == 35
    assert comparison.ci_low < comparison.estimate < comparison.ci_high
    assert demo_statistics.SOURCE in analysis.sources and POPULATION_SOURCE in analysis.sources
    yakima = next(c for c in analysis.award_crime if c.grantee == "Yakima Valley Unidos")
    assert yakima.baseline.year == 2020 and yakima.baseline.per_1000 is not None
    # Grantee 0 (Yakima) reported 40% of 2 respondents in its first quarter and 54% of 9 in its eighth.
    perception = next(p for p in analysis.perceptions.grantees if p.grantee == "Yakima Valley Unidos")
    assert (perception.baseline.percent, perception.baseline.respondents) == (40.0, 2)
    assert (perception.latest.percent, perception.latest.respondents) == (54.0, 9)
    assert perception.baseline.low < 40 < perception.baseline.high
    engagement = next(e for e in analysis.engagement.awards if e.grantee == "Yakima Valley Unidos")
    yakima_2020 = CountyStatistic.objects.get(county__name="Yakima", year=2020).population
    assert engagement.population == yakima_2020 and engagement.population_years == (2020,)
    assert engagement.per_1000 == pytest.approx(engagement.participants * 1000 / yakima_2020)


def test_without_imported_offenses_the_comparison_says_so(report_data):
    comparison = program_analysis(report_data["round"]).comparisons["clep-2021"]
    assert not comparison.is_available
    assert "no county offense counts are on record" in comparison.reason
    assert comparison.reason in comparison.summary


def test_returned_reports_do_not_count_and_reading_takes_a_fixed_number_of_queries(
    report_data, django_assert_max_num_queries
):
    for index in range(3, 13):
        award_with_reports(report_data["round"], report_data["metrics"], index, counties=("King",))
    with django_assert_max_num_queries(4):
        awards = load_awards([report_data["round"]])
    assert len(awards) == 13
    bridges = next(a for a in awards if a.grantee == "Tri-Cities Community Bridges")
    assert len(bridges.quarters) == 7  # the eighth report was returned for revision
    assert bridges.counties == ("Benton", "Franklin")
