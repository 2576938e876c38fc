"""The statistics layer of the reports: rates, the difference-in-differences with a known true effect,
perceptions with Wilson intervals, engagement per 1,000 residents, and every missing-data case saying why."""

import random
import sys
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from grants.reference_data import WASHINGTON_COUNTIES
from reporting.analysis import (
    AwardData,
    CountyYear,
    analyse,
    award_crime_rates,
    baseline_year,
    crime_rates,
    difference_in_differences,
    engagement_rates,
    last_full_year,
    per_1000,
    perception_changes,
    preload_statistics_library,
    round_comparison,
)

TRUE_EFFECT = -2.0
FUNDED = {fips for fips, _ in WASHINGTON_COUNTIES[:14]}


def synthetic_counties(seed, *, effect=TRUE_EFFECT, noise=0.6, years=(2020, 2021, 2022, 2023)):
    """All 39 counties; every county's rate drifts down 1.0 per 1,000 a year after 2020, funded counties' rate
    drops by ``effect`` more from 2022, plus Gaussian noise of ``noise`` per 1,000 (fixed seed)."""
    rng = random.Random(seed)
    rows = []
    for fips, name in WASHINGTON_COUNTIES:
        population = rng.randint(20_000, 600_000)
        level = rng.uniform(15, 60)
        for year in years:
            rate = level - 1.0 * (year - 2020) + rng.gauss(0, noise)
            if fips in FUNDED and year >= 2022:
                rate += effect
            # Population large enough that rounding the count to a whole number barely moves the rate.
            rows.append(
                CountyYear(fips, name, year, population, round(rate * population / 1000), "synthetic")
            )
    return rows


def award(
    award_id, fips_names, *, start=date(2021, 10, 1), end=date(2023, 9, 30), values=None, slug="clep-2021"
):
    return AwardData(
        award_id=award_id,
        round_slug=slug,
        grantee=f"Grantee {award_id}",
        contract_number=f"C-{award_id}",
        county_fips=tuple(f for f, _ in fips_names),
        counties=tuple(n for _, n in fips_names),
        period_start=start,
        period_end=end,
        values=values or {},
    )


def test_the_estimate_s_interval_contains_the_known_true_effect():
    result = difference_in_differences(synthetic_counties(2026), FUNDED, baseline_year=2020, after_year=2022)
    assert result.is_available, result.reason
    assert result.ci_low < TRUE_EFFECT < result.ci_high
    assert result.ci_high < 0  # the effect is large against the noise: the interval excludes zero
    assert abs(result.estimate - TRUE_EFFECT) < 0.6
    assert len(result.funded.counties) == 14 and len(result.comparison.counties) == 25
    assert result.funded.change == pytest.approx(result.estimate + result.comparison.change)
    assert "95% confidence interval" in result.summary and "per 1,000 residents" in result.summary


def test_the_95_percent_interval_covers_the_true_effect_in_most_synthetic_samples():
    covered = 0
    for seed in range(200):
        result = difference_in_differences(
            synthetic_counties(seed), FUNDED, baseline_year=2020, after_year=2022
        )
        covered += result.ci_low <= TRUE_EFFECT <= result.ci_high
    assert covered >= 180  # nominal 95%; a badly wrong standard error would miss far more often


def test_without_an_effect_the_interval_includes_zero_and_the_text_says_so():
    result = difference_in_differences(
        synthetic_counties(7, effect=0.0, noise=3.0), FUNDED, baseline_year=2020, after_year=2022
    )
    assert result.interval_includes_zero
    assert "cannot distinguish" in result.summary


def test_no_unfunded_county_gives_a_reason_not_an_estimate():
    every = {fips for fips, _ in WASHINGTON_COUNTIES}
    result = difference_in_differences(synthetic_counties(1), every, baseline_year=2020, after_year=2022)
    assert not result.is_available
    assert result.ci_low is None and result.std_error is None
    assert "unfunded counties" in result.reason
    assert result.reason in result.summary


def test_no_baseline_year_in_the_data_gives_a_reason():
    rows = synthetic_counties(1, years=(2022, 2023))
    result = difference_in_differences(rows, FUNDED, baseline_year=2020, after_year=2022)
    assert not result.is_available
    assert "2020" in result.reason
    assert any("no rate for 2020" in text for text in result.excluded)
    missing_year = difference_in_differences(rows, FUNDED, baseline_year=None, after_year=2022)
    assert missing_year.reason == "there is no baseline year"


def test_an_award_period_without_a_full_calendar_year_gives_a_reason():
    assert last_full_year(date(2023, 8, 1), date(2024, 6, 30)) is None
    result = round_comparison(
        [award(1, [WASHINGTON_COUNTIES[0]], start=date(2023, 8, 1), end=date(2024, 6, 30))],
        [],
        synthetic_counties(1),
    )
    assert result.reason == "the award period contains no full calendar year"


def test_zero_population_and_missing_offenses_are_left_out_never_divided_by():
    rows = synthetic_counties(3)
    zeroed = [
        CountyYear(r.fips, r.county, r.year, 0 if r.county == "Adams" else r.population, r.offenses)
        for r in rows
        if not (r.county == "Asotin" and r.year == 2022)
    ]
    zeroed.append(CountyYear("53003", "Asotin", 2022, 22_000, None))
    result = difference_in_differences(zeroed, FUNDED, baseline_year=2020, after_year=2022)
    assert result.is_available
    assert "Adams (no rate for 2020, 2022)" in result.excluded
    assert "Asotin (no rate for 2022)" in result.excluded
    assert len(result.funded.counties) == 12
    rates = {(r.county, r.year): r for r in crime_rates(zeroed)}
    assert rates[("Adams", 2020)].per_1000 is None and "no population" in rates[("Adams", 2020)].reason
    assert rates[("Asotin", 2022)].per_1000 is None and "no offense count" in rates[("Asotin", 2022)].reason
    assert per_1000(5, 0) is None and per_1000(None, 100) is None and per_1000(5, None) is None


def test_fewer_than_two_funded_counties_with_data_gives_a_reason():
    rows = synthetic_counties(4)
    result = difference_in_differences(rows, {WASHINGTON_COUNTIES[0][0]}, baseline_year=2020, after_year=2022)
    assert not result.is_available
    assert "funded counties" in result.reason
    nothing = difference_in_differences(rows, set(), baseline_year=2020, after_year=2022)
    assert nothing.reason == "no county was funded"
    empty = difference_in_differences([], FUNDED, baseline_year=2020, after_year=2022)
    assert empty.estimate is None and "no county offense counts are on record" in empty.reason
    population_only = [CountyYear(r.fips, r.county, r.year, r.population, None) for r in rows]
    assert (
        "no county offense counts"
        in difference_in_differences(population_only, FUNDED, baseline_year=2020, after_year=2022).reason
    )


def test_rates_baseline_and_last_full_year():
    assert per_1000(50, 25_000) == 2.0
    assert baseline_year(date(2021, 10, 1)) == 2020
    assert last_full_year(date(2021, 10, 1), date(2023, 9, 30)) == 2022
    assert last_full_year(date(2021, 1, 1), date(2023, 12, 31)) == 2023
    assert last_full_year(date(2023, 8, 1), date(2025, 6, 30)) == 2024
    rows = [
        CountyYear("53005", "Benton", 2020, 200_000, 1_000),
        CountyYear("53021", "Franklin", 2020, 100_000, 800),
        CountyYear("53005", "Benton", 2022, 200_000, 900),
    ]
    (crime,) = award_crime_rates([award(1, [("53005", "Benton"), ("53021", "Franklin")])], rows)
    assert crime.baseline.per_1000 == pytest.approx(6.0)  # 1,800 offenses over 300,000 residents
    assert crime.after.per_1000 is None and "population is missing for 2022" in crime.after.reason
    assert crime.change is None


def survey(*waves):
    return {
        quarter: {"survey_trust_percent": Decimal(str(share)), "survey_respondents": Decimal(n)}
        for quarter, share, n in waves
    }


def test_perception_change_from_first_to_last_wave_with_wilson_intervals():
    grantee = award(
        1, [("53077", "Yakima")], values=survey(("2021-Q4", 40, 200), ("2022-Q2", 0, 0), ("2023-Q3", 55, 180))
    )
    result = perception_changes([grantee])
    (change,) = result.grantees
    assert change.baseline.quarter == "2021-Q4" and change.latest.quarter == "2023-Q3"
    assert change.baseline.respondents == 200 and change.latest.respondents == 180
    assert change.change_points == pytest.approx(15.0)
    low, high = proportion_confint(80, 200, alpha=0.05, method="wilson")
    assert change.baseline.low == pytest.approx(low * 100) and change.baseline.high == pytest.approx(
        high * 100
    )
    assert 0 < change.change_low < 15 < change.change_high
    assert "200 respondents" in change.summary and "+15.0 points" in change.summary
    assert result.pooled.change_points == pytest.approx(15.0)


def test_perceptions_without_two_waves_say_why():
    one = award(1, [("53077", "Yakima")], values=survey(("2022-Q1", 45, 100)))
    none = award(2, [("53063", "Spokane")], values=survey(("2022-Q1", 45, 0)))
    result = perception_changes([one, none])
    assert [c.reason for c in result.grantees] == [
        "only one survey wave (2022-Q1) was reported",
        "no survey wave with respondents was reported",
    ]
    assert all(c.change_points is None for c in result.grantees)
    assert result.pooled.reason == "no grantee reported two survey waves with respondents"
    assert perception_changes([]).pooled.change_points is None


def test_engagement_per_1000_residents_per_award_over_time_and_for_the_program():
    rows = [
        CountyYear("53005", "Benton", 2020, 200_000, None),
        CountyYear("53021", "Franklin", 2020, 100_000, None),
        CountyYear("53077", "Yakima", 2019, 250_000, None),
    ]
    values = {
        "2022-Q1": {"community_participants": Decimal(300), "youth_participants": Decimal(150)},
        "2022-Q2": {"community_participants": Decimal(600), "officers_participating": Decimal(40)},
    }
    tri = award(1, [("53005", "Benton"), ("53021", "Franklin")], values=values)
    yakima = award(2, [("53077", "Yakima")], values={"2022-Q1": {"training_participants": Decimal(500)}})
    result = engagement_rates([tri, yakima], rows)
    first, second = result.awards
    assert (first.population, first.population_years, first.participants) == (300_000, (2020,), 1050)
    assert first.per_1000 == pytest.approx(3.5)
    assert [(p.quarter, p.participants, p.per_1000) for p in first.quarters] == [
        ("2022-Q1", 450, pytest.approx(1.5)),
        ("2022-Q2", 600, pytest.approx(2.0)),
    ]
    assert second.population_years == (2019,)  # the nearest year on record to the 2020 baseline
    assert result.program.population == 550_000 and result.program.participants == 1550
    assert result.program.population_years == (2019, 2020)
    assert [p.participants for p in result.program.quarters] == [950, 600]


def test_engagement_without_population_says_so():
    result = engagement_rates(
        [award(1, [("53001", "Adams")], values={"2022-Q1": {"youth_participants": Decimal(9)}})], []
    )
    (rate,) = result.awards
    assert rate.per_1000 is None and rate.population is None
    assert rate.reason == "no population is recorded for Adams"
    assert rate.quarters[0].per_1000 is None


def test_analyse_compares_each_round_leaving_out_counties_another_round_funds_in_the_window():
    rows = synthetic_counties(11, years=(2020, 2022))
    pilot = [award(i, [WASHINGTON_COUNTIES[i]]) for i in range(14)]
    later = [
        award(100, [WASHINGTON_COUNTIES[20]], start=date(2022, 1, 1), end=date(2024, 6, 30), slug="clep-2023")
    ]
    result = analyse(pilot, pilot + later, rows, ["clep-2021"])
    comparison = result.comparisons["clep-2021"]
    assert comparison.is_available
    assert len(comparison.comparison.counties) == 24  # 39 - 14 funded - 1 funded by the later round
    assert WASHINGTON_COUNTIES[20][1] not in comparison.comparison.counties
    assert result.sources == ("synthetic",)
    assert len(result.award_crime) == 14


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.floats(min_value=-20, max_value=20), min_size=2, max_size=8),
    st.lists(st.floats(min_value=-20, max_value=20), min_size=2, max_size=8),
)
def test_the_estimate_is_the_funded_mean_change_minus_the_comparison_mean_change(
    funded_changes, other_changes
):
    rows, funded = [], set()
    for index, change in enumerate(funded_changes + other_changes):
        fips = f"9{index:04d}"
        if index < len(funded_changes):
            funded.add(fips)
        rows.append(CountyYear(fips, f"County {index:02d}", 2020, 1_000_000, 30_000))
        rows.append(CountyYear(fips, f"County {index:02d}", 2022, 1_000_000, 30_000 + round(change * 1000)))
    result = difference_in_differences(rows, funded, baseline_year=2020, after_year=2022)
    expected = (
        sum(round(c * 1000) for c in funded_changes) / len(funded_changes) / 1000
        - sum(round(c * 1000) for c in other_changes) / len(other_changes) / 1000
    )
    assert result.estimate == pytest.approx(expected, abs=1e-9)
    assert result.ci_low <= result.estimate <= result.ci_high


@given(
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10**7)),
    st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_a_rate_is_computed_or_explained_never_a_division_error(population, offenses):
    rate = crime_rates([CountyYear("53001", "Adams", 2021, population, offenses)])[0]
    if population and population > 0 and offenses is not None:
        assert rate.per_1000 == pytest.approx(offenses * 1000 / population)
    else:
        assert rate.per_1000 is None and rate.reason


def test_the_statistics_library_can_be_preloaded():
    preload_statistics_library()
    assert "statsmodels.stats.proportion" in sys.modules
