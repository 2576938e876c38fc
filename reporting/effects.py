"""The report's answer to the statute's questions (RCW 43.330.545): crime rates with a comparison, perceptions
of and engagement with law enforcement. reporting.analysis computes every figure; this module lays them out in
tables and a chart series, and formats nothing it did not receive.
"""

from dataclasses import dataclass
from decimal import Decimal

from .outcomes import PDF_ROW_LIMIT, Trend
from .tables import INTEGER, PERCENT, RATE, SIGNED, Column, Table


@dataclass(frozen=True)
class Comparison:
    """One round's difference-in-differences as the report prints it."""

    round_slug: str
    round_name: str
    result: object  # reporting.analysis.DidResult
    table: Table


@dataclass
class Effects:
    analysis: object  # reporting.analysis.Analysis
    comparisons: list
    award_crime: Table
    perceptions: Table
    engagement: Table
    engagement_trend: object  # reporting.outcomes.Trend, participants per 1,000 residents by quarter
    sources: tuple

    @property
    def tables(self):
        return [c.table for c in self.comparisons] + [
            self.award_crime,
            self.perceptions,
            self.engagement,
            self.engagement_trend.table,
        ]


def _decimal(value, places="0.01"):
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def comparison_table(slug, result):
    rows = []
    for label, group in (
        ("Funded counties", result.funded),
        ("Counties without an award", result.comparison),
    ):
        rows.append(
            (
                label,
                len(group.counties),
                _decimal(group.before),
                _decimal(group.after),
                _decimal(group.change),
            )
        )
    before = str(result.baseline_year) if result.baseline_year else "baseline"
    after = str(result.after_year) if result.after_year else "after"
    footer = None
    if result.is_available:
        footer = (
            f"Difference (95% interval {result.ci_low:+.2f} to {result.ci_high:+.2f})",
            None,
            None,
            None,
            _decimal(result.estimate),
        )
    return Table(
        f"crime-rate-comparison-{slug}",
        f"Reported offenses per 1,000 residents, {before} and {after}: funded counties against counties "
        "without an award (mean of county rates)",
        (
            Column("Group"),
            Column("Counties", INTEGER),
            Column(f"Rate {before}", RATE),
            Column(f"Rate {after}", RATE),
            Column("Change", SIGNED),
        ),
        tuple(rows),
        footer=footer,
    )


def _award_crime(analysis):
    rows = []
    for item in analysis.award_crime:
        rows.append(
            (
                item.grantee,
                ", ".join(item.counties),
                item.baseline.year,
                _decimal(item.baseline.per_1000),
                item.after.year,
                _decimal(item.after.per_1000),
                _decimal(item.change),
            )
        )
    return Table(
        "crime-rates-by-grantee",
        "Reported offenses per 1,000 residents in each grantee's counties: the year before the award and the "
        "last full award year",
        (
            Column("Grantee"),
            Column("Counties"),
            Column("Baseline year"),
            Column("Rate", RATE),
            Column("Last full year"),
            Column("Rate", RATE),
            Column("Change", SIGNED),
        ),
        tuple(rows),
        in_pdf=len(rows) <= PDF_ROW_LIMIT,
    )


def _wave(wave):
    if wave is None:
        return (None, None, None, None)
    return (wave.quarter, _decimal(wave.percent, "0.1"), wave.respondents, f"{wave.low:.0f}–{wave.high:.0f}%")


def _perceptions(perceptions):
    rows = []
    for change in (*perceptions.grantees, perceptions.pooled):
        interval = (
            f"{change.change_low:+.1f} to {change.change_high:+.1f}" if change.is_available else change.reason
        )
        rows.append(
            (
                change.grantee,
                *_wave(change.baseline),
                *_wave(change.latest),
                _decimal(change.change_points, "0.1"),
                interval,
            )
        )
    return Table(
        "perceptions-by-grantee",
        "Share of survey respondents who trust law enforcement: first and last survey wave, with 95% intervals",
        (
            Column("Grantee"),
            Column("First survey"),
            Column("Trust", PERCENT),
            Column("Respondents", INTEGER),
            Column("95% interval"),
            Column("Last survey"),
            Column("Trust", PERCENT),
            Column("Respondents", INTEGER),
            Column("95% interval"),
            Column("Change (points)", SIGNED),
            Column("95% interval of the change"),
        ),
        tuple(rows),
        in_pdf=len(rows) <= PDF_ROW_LIMIT,
    )


def _engagement(engagement):
    rows = []
    for item in (*engagement.awards, engagement.program):
        rows.append(
            (
                item.grantee,
                ", ".join(item.counties),
                item.population,
                item.participants,
                _decimal(item.per_1000),
            )
        )
    return Table(
        "engagement-per-1000",
        "Community engagement: participants reached per 1,000 residents of the counties served",
        (
            Column("Grantee"),
            Column("Counties"),
            Column("Population", INTEGER),
            Column("Participants", INTEGER),
            Column("Per 1,000 residents", RATE),
        ),
        tuple(rows),
        in_pdf=len(rows) <= PDF_ROW_LIMIT,
    )


def _engagement_trend(engagement):
    points = engagement.program.quarters
    quarters = [p.quarter for p in points]
    values = [_decimal(p.per_1000) for p in points]
    table = Table(
        "engagement-by-quarter",
        "Participants per 1,000 residents of all funded counties, by quarter",
        (Column("Quarter"), Column("Participants", INTEGER), Column("Per 1,000 residents", RATE)),
        tuple((p.quarter, p.participants, v) for p, v in zip(points, values, strict=True)),
    )
    return Trend(
        "engagement-by-quarter",
        "Participants per 1,000 residents",
        quarters,
        {"Participants per 1,000 residents": values},
        table,
        unit="per 1,000",
    )


def effects(analysis, rounds):
    comparisons = [
        Comparison(
            r.slug,
            r.name,
            analysis.comparisons[r.slug],
            comparison_table(r.slug, analysis.comparisons[r.slug]),
        )
        for r in rounds
        if r.slug in analysis.comparisons
    ]
    return Effects(
        analysis=analysis,
        comparisons=comparisons,
        award_crime=_award_crime(analysis),
        perceptions=_perceptions(analysis.perceptions),
        engagement=_engagement(analysis.engagement),
        engagement_trend=_engagement_trend(analysis.engagement),
        sources=analysis.sources,
    )
