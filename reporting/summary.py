"""Findings first: the executive summary (one page that answers the statute's questions) and the background page
(statute, rounds, dates). Plain data picked from the report's read-model figures and analysis; the template
words them, through gettext, so the same numbers print in the English report and in its Spanish and Tagalog
summaries.
"""

from dataclasses import dataclass, field

from .tables import Column, Table

STATUTE_HISTORY = (
    ("2021", "ESSB 5353 creates the Community-Law Enforcement Partnership program (RCW 43.330.545)."),
    ("1 January 2022", "Preliminary report due: the selected grant recipients and the reporting guidelines."),
    ("1 December 2023", "Final report due: an analysis of the data collected from the funded programs."),
    ("2023", "SB 5561 extends the program to 1 January 2029 and opens it to every county."),
    ("Each odd year", "A report on implementation and outcomes is due."),
)


@dataclass(frozen=True)
class CrimeFinding:
    round_name: str
    baseline_year: int | None
    after_year: int | None
    funded_counties: int
    comparison_counties: int
    funded_change: float | None
    comparison_change: float | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str

    @property
    def is_available(self):
        return self.estimate is not None

    @property
    def direction(self):
        """'includes-zero', 'below-zero' or 'above-zero': what the interval allows one to say."""
        if not self.is_available or self.ci_low <= 0 <= self.ci_high:
            return "includes-zero"
        return "below-zero" if self.ci_high < 0 else "above-zero"


@dataclass
class ExecutiveSummary:
    kind: str
    title: str
    period_text: str
    period_start: object  # date, or None for a preliminary report
    period_end: object
    as_of: object  # a preliminary report's status date
    rounds: list  # round names
    grantees: int
    awarded: object
    budget: object
    expended: object | None
    counties_served: list
    counties_listed: int | None
    applications: object | None  # figures.Screening of a preliminary report's round
    law_enforcement: list  # figures.LawEnforcementOutcome per round
    completeness: dict | None
    crime: list = field(default_factory=list)
    engagement: object | None = None  # analysis EngagementRate of the program
    perceptions: object | None = None  # analysis PerceptionChange, pooled
    perception_grantees: int = 0
    sources: tuple = ()
    metric_count: int = 0
    first_due: str = ""


def crime_finding(round_name, result):
    return CrimeFinding(
        round_name=round_name,
        baseline_year=result.baseline_year,
        after_year=result.after_year,
        funded_counties=len(result.funded.counties),
        comparison_counties=len(result.comparison.counties),
        funded_change=result.funded.change,
        comparison_change=result.comparison.change,
        estimate=result.estimate,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        reason=result.reason,
    )


def rounds_table(rounds):
    def day(value):
        return f"{value:%b %-d, %Y}" if value else "—"

    return Table(
        "funding-rounds",
        "Funding rounds covered by this report",
        (
            Column("Round"),
            Column("Applications open"),
            Column("Applications close"),
            Column("Funding period"),
            Column("Eligible counties"),
        ),
        tuple(
            (
                r.name,
                day(r.opens_on),
                day(r.closes_on),
                f"{day(r.period_start)} – {day(r.period_end)}",
                "Any Washington county" if r.is_statewide else "Listed service areas",
            )
            for r in rounds
        ),
    )


def statute_table():
    return Table(
        "statute-and-reports",
        "The statute and the reports it asks for",
        (Column("When"), Column("What")),
        STATUTE_HISTORY,
    )


def executive_summary(report, rounds, screenings, *, guidelines=None):
    """The one-page summary of ``report`` (a figures.Report with its outcomes, selection and effects)."""
    outcomes, selection, effects = report.outcomes, report.selection, report.effects
    if outcomes:
        grantees, awarded, expended = outcomes.grantee_count, outcomes.total_awarded, outcomes.total_expended
        served = [row[0] for row in outcomes.counties.rows]
        listed = None
    else:
        grantees, awarded, expended = len(selection.recipients), selection.total_awarded, None
        served = [row.county for row in selection.coverage_rows if row.awards]
        listed = selection.counties_listed
    summary = ExecutiveSummary(
        kind=report.kind,
        title=report.title,
        period_text=report.parameters_text,
        period_start=report.period[0],
        period_end=report.period[1],
        as_of=report.as_of,
        rounds=[r.name for r in rounds],
        grantees=grantees,
        awarded=awarded,
        budget=sum((r.budget for r in rounds), type(awarded)(0)),
        expended=expended,
        counties_served=served,
        counties_listed=listed,
        applications=screenings[0] if report.kind == "preliminary" else None,
        law_enforcement=[s.law_enforcement_outcome for s in screenings],
        completeness=outcomes.completeness_totals if outcomes else None,
    )
    if effects:
        summary.crime = [crime_finding(c.round_name, c.result) for c in effects.comparisons]
        summary.engagement = effects.analysis.engagement.program
        summary.perceptions = effects.analysis.perceptions.pooled
        summary.perception_grantees = sum(1 for p in effects.analysis.perceptions.grantees if p.is_available)
        summary.sources = effects.sources
    if guidelines:
        summary.metric_count, summary.first_due = guidelines.metric_count, guidelines.first_due
    return summary


@dataclass(frozen=True)
class Background:
    rounds: Table
    statute: Table


def background(rounds):
    return Background(rounds_table(rounds), statute_table())
