"""Every number a legislative report shows, computed from the database when the report is generated.

Functions here read (no writes) and return plain dataclasses and ``Table``s, so a test can check a figure
without rendering a PDF. Ordering is always explicit, so the same data gives the same figures and tables.
No personal contact data of applicants is read: organizations appear by legal name only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants import eligibility
from grants.models import Award, AwardDecision, FundingRound, ServiceArea
from grants.programs import definition_for
from grants.selectors import figures as read_model
from grants.selectors.awards import rank_order_departures
from grants.selectors.eligibility import round_outcomes

from .outcomes import Outcomes, outcomes
from .tables import INTEGER, MONEY, Column, Table

CENT = Decimal("0.01")
SUMMARY_WORDS = 60


def short_summary(text, words=SUMMARY_WORDS):
    parts = (text or "").split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def biennium(year):
    """Washington's biennium ending in odd ``year``: 1 July two years before to 30 June of ``year``."""
    return date(year - 2, 7, 1), date(year, 6, 30)


@dataclass
class Narrative:
    summary: str = ""
    highlights: str = ""
    recommendations: str = ""
    methodology_notes: str = ""


@dataclass
class Recipient:
    organization: str
    service_areas: str
    counties: str
    amount: Decimal
    period: str
    project_title: str
    summary: str


@dataclass(frozen=True)
class LawEnforcementOutcome:
    """How the law-enforcement rule (RCW 43.330.545) applied in one round: who applied, who was blocked, by whom."""

    round_name: str
    applicants: int
    eligible: int
    blocked: tuple  # (agency, (blocking organizations, …)), by agency
    other: int  # withdrawn, criteria not met or decided by staff

    @property
    def blocked_count(self):
        return len(self.blocked)


@dataclass
class Screening:
    received: int
    withdrawn: int
    eligible: int
    ineligible: int
    ineligible_by_criterion: Table
    law_enforcement: Table
    law_enforcement_count: int
    law_enforcement_outcome: LawEnforcementOutcome


@dataclass
class Selection:
    """Who applied, who was eligible and who was selected (the preliminary report's core)."""

    screening: Screening
    recipients: list
    recipients_table: Table
    total_awarded: Decimal
    budget: Decimal
    coverage: Table
    coverage_rows: list  # grants.selectors.figures.CoverageRow, one per eligible county (the map draws them)
    counties_covered: int
    counties_listed: int
    departures: list  # grants.selectors.awards.RankOrderDeparture, best-ranked first
    departures_table: Table


@dataclass
class Report:
    kind: str
    title: str
    round_name: str
    round_slug: str
    program_name: str
    statute: str
    parameters_text: str
    narrative: Narrative
    selection: Selection | None = None
    catalog: Table | None = None
    schedule: Table | None = None
    outcomes: Outcomes | None = None
    tables: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    summary: object | None = None  # summary.ExecutiveSummary
    background: object | None = None  # summary.Background
    guidelines: object | None = None  # guidelines.Guidelines (preliminary report)
    effects: object | None = None  # effects.Effects (final and biennial reports)
    by_round: Table | None = None  # several rounds: implementation side by side
    period: tuple = (None, None)  # (start, end) of a final or biennial report
    as_of: date | None = None  # a preliminary report's status date


# --- Preliminary: screening, recipients, coverage, reporting guidelines -----------------------------------------


def screening(funding_round):
    outcomes = sorted(round_outcomes(funding_round).values(), key=lambda o: o.facts.reference)
    received = [o for o in outcomes if o.facts.status in (eligibility.SUBMITTED, eligibility.WITHDRAWN)]
    competing = [o for o in received if o.facts.status == eligibility.SUBMITTED]
    ineligible = [o for o in competing if not o.is_eligible]
    failures = defaultdict(int)
    for outcome in ineligible:
        for result in outcome.criteria:
            if not result.passed:
                failures[result.code] += 1
    program = definition_for(funding_round)
    codes = (*program.criterion_codes, *program.round_rule_labels)
    criterion_rows = tuple(
        (program.criterion_label(code), failures[code]) for code in codes if failures.get(code)
    )
    overridden = sum(1 for o in ineligible if o.is_overridden)
    by_criterion = Table(
        "ineligible-by-criterion",
        "Ineligible applications by criterion not met (an application can miss several)",
        (Column("Criterion not met"), Column("Applications", INTEGER)),
        criterion_rows + ((("Ruled ineligible by staff decision", overridden),) if overridden else ()),
    )
    law_rows, blocked, law_eligible = [], [], 0
    for outcome in received:
        facts = outcome.facts
        if not facts.is_law_enforcement:
            continue
        if facts.status == eligibility.WITHDRAWN:
            how = "Withdrawn"
        elif outcome.is_overridden:
            how = "Eligibility decided by staff"
        elif not outcome.passes_criteria:
            how = "Did not meet the criteria"
        elif outcome.blocked_by:
            names = tuple(sorted({b.organization for b in outcome.blocked_by}))
            blocked.append((facts.organization, names))
            how = f"Not eligible: another eligible applicant serves the same area ({', '.join(names)})"
        else:
            how = "Eligible: no other eligible applicant serves the same area"
        law_eligible += 1 if outcome.is_eligible else 0
        law_rows.append((facts.organization, "Yes" if outcome.is_eligible else "No", how))
    law_table = Table(
        "law-enforcement-applicants",
        "Law-enforcement applicants and how the law-enforcement rule applied",
        (Column("Agency"), Column("Eligible"), Column("How the rule applied")),
        tuple(law_rows),
    )
    eligible = sum(1 for o in competing if o.is_eligible)
    return Screening(
        received=len(received),
        withdrawn=len(received) - len(competing),
        eligible=eligible,
        ineligible=len(ineligible),
        ineligible_by_criterion=by_criterion,
        law_enforcement=law_table,
        law_enforcement_count=len(law_rows),
        law_enforcement_outcome=LawEnforcementOutcome(
            round_name=funding_round.name,
            applicants=len(law_rows),
            eligible=law_eligible,
            blocked=tuple(sorted(blocked)),
            other=len(law_rows) - law_eligible - len(blocked),
        ),
    )


def _area_names(county_ids, areas):
    return ", ".join(name for name, fips in areas if fips & county_ids)


def recipients(funding_round, areas):
    """Awards of the round, or, before decisions are finalized into awards, the applications decided 'award'."""
    awards = list(
        Award.objects.filter(funding_round=funding_round)
        .select_related("organization", "application")
        .prefetch_related("counties")
        .order_by("organization__legal_name", "contract_number")
    )
    rows = []
    if awards:
        for award in awards:
            counties = sorted(award.counties.all(), key=lambda c: c.name)
            rows.append(
                Recipient(
                    organization=award.organization.legal_name,
                    service_areas=_area_names({c.fips for c in counties}, areas),
                    counties=", ".join(c.name for c in counties),
                    amount=award.amount,
                    period=f"{award.period_start:%b %-d, %Y} – {award.period_end:%b %-d, %Y}",
                    project_title=award.application.project_title,
                    summary=short_summary(award.application.project_summary),
                )
            )
        return rows
    decisions = list(
        AwardDecision.objects.filter(
            application__funding_round=funding_round, outcome=AwardDecision.Outcome.AWARD
        )
        .select_related("application__organization")
        .prefetch_related("application__counties")
        .order_by("application__organization__legal_name", "application__reference")
    )
    period = ""
    if funding_round.period_start and funding_round.period_end:
        period = f"{funding_round.period_start:%b %-d, %Y} – {funding_round.period_end:%b %-d, %Y}"
    for decision in decisions:
        application = decision.application
        counties = sorted(application.counties.all(), key=lambda c: c.name)
        rows.append(
            Recipient(
                organization=application.organization.legal_name,
                service_areas=_area_names({c.fips for c in counties}, areas),
                counties=", ".join(c.name for c in counties),
                amount=decision.amount or Decimal("0"),
                period=period,
                project_title=application.project_title,
                summary=short_summary(application.project_summary),
            )
        )
    return rows


def round_areas(funding_round):
    """(name, {fips}) of the round's listed service areas, by name."""
    areas = ServiceArea.objects.filter(rounds=funding_round).prefetch_related("counties").order_by("name")
    return [(area.name, frozenset(c.fips for c in area.counties.all())) for area in areas]


def selection(funding_round, round_screening=None):
    areas = round_areas(funding_round)
    rows = recipients(funding_round, areas)
    recipients_table = Table(
        "grant-recipients",
        "Selected grant recipients",
        (
            Column("Organization"),
            Column("Service area"),
            Column("Counties"),
            Column("Award", MONEY),
            Column("Period"),
        ),
        tuple((r.organization, r.service_areas, r.counties, r.amount, r.period) for r in rows),
        footer=("Total", "", "", sum((r.amount for r in rows), Decimal("0")), ""),
    )
    coverage_rows = read_model.coverage(funding_round)
    area_of = defaultdict(list)
    for name, fips in areas:
        for county in fips:
            area_of[county].append(name)
    coverage = Table(
        "coverage",
        "Coverage of the eligible counties (listed service areas split into their counties; terminated awards "
        "left out; an award serving several counties split evenly among them)",
        (
            Column("County"),
            Column("Service area"),
            Column("Grantees", INTEGER),
            Column("Awarded", MONEY),
            Column("Covered"),
        ),
        tuple(
            (
                row.county,
                ", ".join(area_of.get(row.fips, ())),
                row.awards,
                row.amount,
                "Yes" if row.awards else "No",
            )
            for row in coverage_rows
        ),
    )
    departures = rank_order_departures(funding_round)
    return Selection(
        screening=round_screening or screening(funding_round),
        recipients=rows,
        recipients_table=recipients_table,
        total_awarded=sum((r.amount for r in rows), Decimal("0")),
        budget=funding_round.budget,
        coverage=coverage,
        coverage_rows=coverage_rows,
        counties_covered=sum(1 for row in coverage_rows if row.awards),
        counties_listed=len(coverage_rows),
        departures=departures,
        departures_table=departures_table(departures),
    )


def departures_table(departures):
    """The decisions made out of rank order with their rationale (grants.selectors.awards.rank_order_departures).

    A decision whose rationale was given on a decision it passes over says where to read it.
    """
    with_rationale = {d.reference for d in departures if d.rationale}
    decision_labels = {AwardDecision.Outcome.AWARD: _("Funded"), AwardDecision.Outcome.DECLINE: _("Declined")}
    rows = []
    for departure in departures:
        rationale = departure.rationale
        if not rationale:
            given_on = [
                reference for reference, _rank in departure.passed_over if reference in with_rationale
            ]
            rationale = (
                ngettext(
                    "Recorded with the decision on %(references)s",
                    "Recorded with the decisions on %(references)s",
                    len(given_on),
                )
                % {"references": ", ".join(given_on)}
                if given_on
                else _("None recorded")
            )
        rows.append(
            (
                departure.reference,
                departure.organization,
                departure.rank,
                decision_labels.get(departure.outcome, departure.outcome),
                ", ".join(f"{reference} (#{rank})" for reference, rank in departure.passed_over),
                rationale,
            )
        )
    return Table(
        "decisions-out-of-rank-order",
        _("Decisions made out of rank order, with the rationale recorded"),
        (
            Column(_("Application")),
            Column(_("Organization")),
            Column(_("Rank"), INTEGER),
            Column(_("Decision")),
            Column(_("Passes over (rank)")),
            Column(_("Rationale")),
        ),
        tuple(rows),
    )


# --- The whole report --------------------------------------------------------------------------------------------


def report_period(kind, funding_round, parameters):
    """The (start, end) a final or biennial report covers, from its parameters or the round's period."""
    if parameters.get("period_start") and parameters.get("period_end"):
        return date.fromisoformat(parameters["period_start"]), date.fromisoformat(parameters["period_end"])
    if kind == "biennial" and parameters.get("year"):
        return biennium(int(parameters["year"]))
    return funding_round.period_start, funding_round.period_end


def rounds_active(start, end, program=None):
    """Every round whose funding period overlaps [start, end], oldest first (a biennial report covers them)."""
    rounds = FundingRound.objects.filter(period_start__lte=end, period_end__gte=start)
    if program is not None:
        rounds = rounds.filter(program=program)
    return list(rounds.select_related("program").order_by("period_start", "slug"))


def report_rounds(funding_round, parameters):
    """The rounds a report covers: those its parameters name (a biennial report), else its own round."""
    slugs = parameters.get("rounds")
    if not slugs:
        return [funding_round]
    by_slug = {r.slug: r for r in FundingRound.objects.filter(slug__in=slugs).select_related("program")}
    return sorted(
        (by_slug[s] for s in slugs if s in by_slug), key=lambda r: (r.period_start or date.min, r.slug)
    )


def narrative_for(funding_round, kind):
    from .models import ReportNarrative

    row = ReportNarrative.objects.filter(funding_round=funding_round, kind=kind).first()
    if row is None:
        return Narrative()
    return Narrative(row.summary, row.highlights, row.recommendations, row.methodology_notes)


def build_report(kind, funding_round, parameters):
    """Every figure and table of one report; ``parameters`` as stored on the run (ISO dates, year, rounds).

    Reports to the Legislature are written in English, whatever language the person who asked for one uses:
    metric labels and category names are taken in English here.
    """
    with translation.override("en"):
        return _build_report(kind, funding_round, parameters)


def _build_report(kind, funding_round, parameters):
    from .analysis import program_analysis
    from .effects import effects
    from .guidelines import guidelines
    from .summary import background, executive_summary

    program = funding_round.program
    rounds = report_rounds(funding_round, parameters)
    report = Report(
        kind=kind,
        title=definition_for(funding_round).report_title(kind),
        round_name=" and ".join(r.name for r in rounds),
        round_slug=funding_round.slug,
        program_name=program.name,
        statute=program.statute,
        parameters_text="",
        narrative=narrative_for(funding_round, kind),
        rounds=rounds,
    )
    screenings = [screening(r) for r in rounds]
    if kind == "preliminary":
        as_of = parameters.get("as_of")
        report.parameters_text = f"Status as of {date.fromisoformat(as_of):%B %-d, %Y}" if as_of else ""
        report.as_of = date.fromisoformat(as_of) if as_of else None
        report.selection = selection(funding_round, screenings[0])
        report.guidelines = guidelines(funding_round)
        report.catalog, report.schedule = report.guidelines.metrics, report.guidelines.schedule
    else:
        start, end = report_period(kind, funding_round, parameters)
        report.parameters_text = f"Period {start:%B %-d, %Y} to {end:%B %-d, %Y}"
        report.period = (start, end)
        as_of = date.fromisoformat(parameters["as_of"]) if parameters.get("as_of") else None
        report.outcomes = outcomes(rounds, start, end, as_of)
        report.effects = effects(program_analysis(rounds), rounds)
        if len(rounds) > 1:
            report.by_round = rounds_compared(rounds, start, end, report.outcomes.as_of)
    report.background = background(rounds)
    report.summary = executive_summary(report, rounds, screenings, guidelines=report.guidelines)
    report.tables = report_tables(report)
    return report


def rounds_compared(rounds, start, end, as_of):
    """Implementation and outcomes per round, side by side (a biennial report covering several rounds)."""
    rows = []
    for funding_round in rounds:
        figures = read_model.program_figures(funding_round, period_start=start, period_end=end, on=as_of)
        completeness = figures.completeness
        rows.append(
            (
                funding_round.name,
                len(figures.awards),
                figures.totals.awarded,
                figures.totals.expended,
                completeness.get("due", 0),
                completeness.get("on_time", 0),
                sum(1 for row in figures.coverage if row.awards),
            )
        )
    return Table(
        "implementation-by-round",
        "Implementation by funding round, in the period of this report",
        (
            Column("Round"),
            Column("Grantees", INTEGER),
            Column("Awarded", MONEY),
            Column("Expended in the period", MONEY),
            Column("Reports due", INTEGER),
            Column("On time", INTEGER),
            Column("Counties served", INTEGER),
        ),
        tuple(rows),
    )


def report_tables(report):
    """Every table of the report, in reading order (the CSV download holds one file per table)."""
    tables = [report.background.rounds]
    if report.selection:
        s = report.selection
        tables += [
            s.screening.ineligible_by_criterion,
            s.screening.law_enforcement,
            s.recipients_table,
            s.departures_table,
            s.coverage,
        ]
    if report.guidelines:
        tables += [report.guidelines.metrics, report.guidelines.schedule]
    if report.by_round:
        tables.append(report.by_round)
    if report.outcomes:
        o = report.outcomes
        tables += [o.grantees, o.counties, o.activity_totals]
        tables += [trend.table for trend in o.activity_trends]
    if report.effects:
        tables += report.effects.tables
    if report.outcomes:
        o = report.outcomes
        tables += [o.survey.table, o.crime.table, o.crime_sources, o.goals, o.completeness, *o.appendix]
    return tables
