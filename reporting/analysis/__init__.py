"""Statistics the legislative reports need, as plain functions on plain data (RCW 43.330.545: whether the
program affects crime rates and community engagement with, and perceptions of, law enforcement).

- rates: offenses per 1,000 residents by county and year; an award's baseline (year before it starts) and
  last full award year;
- did: a difference-in-differences comparison of funded with unfunded counties, with a 95% interval;
- perceptions: change in the share who trust law enforcement per grantee, with Wilson/Newcombe intervals;
- engagement: participants per 1,000 residents, per award and over time;
- loader: the only module that reads the database.

``program_analysis(rounds)`` reads and computes everything a report shows; ``analyse`` does the same on plain
data for tests. Results are frozen dataclasses whose text fields are written for the reader and whose
``reason`` says why a figure is missing. Nothing divides by zero.
"""

from dataclasses import dataclass
from datetime import date

from .did import DidResult, GroupRates, did_assumptions, difference_in_differences
from .engagement import Engagement, EngagementPoint, EngagementRate, engagement_rates
from .inputs import ENGAGEMENT_CODES, AwardData
from .perceptions import PerceptionChange, Perceptions, ShareEstimate, perception_changes
from .rates import (
    AreaRate,
    AwardCrime,
    CountyYear,
    CrimeRate,
    award_crime_rates,
    baseline_year,
    crime_rates,
    last_full_year,
    per_1000,
)

__all__ = [
    "ENGAGEMENT_CODES",
    "Analysis",
    "AreaRate",
    "AwardCrime",
    "AwardData",
    "CountyYear",
    "CrimeRate",
    "DidResult",
    "Engagement",
    "EngagementPoint",
    "EngagementRate",
    "GroupRates",
    "PerceptionChange",
    "Perceptions",
    "ShareEstimate",
    "analyse",
    "award_crime_rates",
    "baseline_year",
    "crime_rates",
    "did_assumptions",
    "difference_in_differences",
    "engagement_rates",
    "last_full_year",
    "per_1000",
    "perception_changes",
    "preload_statistics_library",
    "program_analysis",
    "round_comparison",
]


@dataclass(frozen=True)
class Analysis:
    """Everything the report's outcome sections print, for the awards of the rounds asked for."""

    rates: tuple[CrimeRate, ...]
    sources: tuple[str, ...]
    comparisons: dict[str, DidResult]  # round slug → comparison of that round's funded counties
    award_crime: tuple[AwardCrime, ...]
    perceptions: Perceptions
    engagement: Engagement


def round_comparison(round_awards, other_awards, rows):
    """The difference-in-differences for one round's awards.

    Baseline: the year before the round's first award starts; after: the last calendar year wholly inside the
    round's award periods. Counties served by another round's award during those years are in neither group.
    """
    round_awards = list(round_awards)
    if not round_awards:
        return difference_in_differences(rows, (), baseline_year=None, after_year=None)
    start = min(a.period_start for a in round_awards)
    end = max(a.period_end for a in round_awards)
    before, after = baseline_year(start), last_full_year(start, end)
    window_end = date(after, 12, 31) if after else end
    exclude = {
        fips
        for award in other_awards
        if award.period_start <= window_end and award.period_end >= date(before, 1, 1)
        for fips in award.county_fips
    }
    funded = {fips for award in round_awards for fips in award.county_fips}
    return difference_in_differences(
        rows, funded, baseline_year=before, after_year=after, exclude_fips=exclude
    )


def analyse(awards, all_awards, rows, round_slugs):
    """Every result from plain data: ``awards`` of the report's rounds, ``all_awards`` of every round (for the
    comparison's exclusions), county-year ``rows``, and the report's round slugs in order."""
    awards = list(awards)
    comparisons = {}
    for slug in round_slugs:
        in_round = [a for a in all_awards if a.round_slug == slug]
        others = [a for a in all_awards if a.round_slug != slug]
        comparisons[slug] = round_comparison(in_round, others, rows)
    return Analysis(
        rates=tuple(crime_rates(rows)),
        sources=tuple(sorted({r.source for r in rows if r.source})),
        comparisons=comparisons,
        award_crime=award_crime_rates(awards, rows),
        perceptions=perception_changes(awards),
        engagement=engagement_rates(awards, rows),
    )


def program_analysis(rounds):
    """Read the database and analyse the awards of ``rounds`` (one FundingRound or several)."""
    from .loader import load_awards, load_county_years, load_other_awards

    if hasattr(rounds, "slug"):
        rounds = [rounds]
    rounds = list(rounds)
    awards = load_awards(rounds)
    all_awards = awards + load_other_awards(rounds)
    return analyse(awards, all_awards, load_county_years(), [r.slug for r in rounds])


def preload_statistics_library():
    """Import statsmodels now (several seconds and ~120 MB the first time in a process), e.g. when a worker
    starts, so the first report generated does not pay for it. The analysis imports it lazily otherwise."""
    import statsmodels.regression.linear_model
    import statsmodels.stats.proportion  # noqa: F401
