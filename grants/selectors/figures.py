"""The read model of program figures: every number a person sees about a program's awards comes from here.

Pages, CSV exports, the PDF reports and the ``program_figures`` command read ``program_figures()``; they format
its numbers and never re-derive a rule. The rules, each in one place:

- **Which reports count**: the current version of a report that is submitted or accepted. A report returned for
  revision does not count until it is resubmitted; drafts never count; imported reports count.
- **On time or late**: the *first* submission compared with the due date. An imported report counts as received
  on time (its stamp is the import's time, not the grantee's). A quarter with nothing received is missing once
  its due date has passed, and not yet due until then.
- **Money**: awarded is the award's (amended) amount; expended is the self-reported ``expenditures`` metric
  over the counted reports.
- **Coverage**: per county. A listed service area is split into its counties (Benton-Franklin is Benton and
  Franklin); an award counts in each county it serves, its amount split evenly among them; terminated awards
  are left out; in a statewide round every county is eligible.

The whole read is a constant number of queries, whatever the number of awards and reports.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Prefetch
from django.utils import timezone

from ..lifecycles.awards import award_state
from ..models import (
    Award,
    AwardDecision,
    County,
    FundingRound,
    Goal,
    Metric,
    MetricValue,
    QuarterlyReport,
    ReportingPeriod,
)
from ..progress import progress_of_goal
from .invoices import paid_by_award

ZERO = Decimal("0")
CENT = Decimal("0.01")
EXPENDITURES = "expenditures"

# A quarter as completeness counts it.
ON_TIME, LATE, RETURNED, MISSING, NOT_YET_DUE = "on_time", "late", "returned", "missing", "not_yet_due"
QUARTER_STATES = (ON_TIME, LATE, RETURNED, MISSING, NOT_YET_DUE)
COMPLETENESS_KEYS = ("due", *QUARTER_STATES)

# The award status shown once an active award's period of performance is over.

COUNTED_STATUSES = (QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED)
# Kinds whose values add up over quarters and grantees (a percentage is a level, text is text).
SUMMED_KINDS = (Metric.Kind.COUNT, Metric.Kind.MONEY)


@dataclass(frozen=True)
class AwardFigures:
    award_id: int
    contract_number: str
    organization: str
    organization_id: int
    round_slug: str
    counties: list[str]
    county_fips: list[str]
    amount: Decimal
    period_start: date
    period_end: date
    status: str  # active | ended | closed | terminated
    expended: Decimal  # self-reported expenditures over counted reports
    metrics: dict[str, Decimal]  # metric code -> total over counted reports in the period (counts and money)
    quarters: dict[str, str]  # "2022-Q1" -> on_time | late | returned | missing | not_yet_due
    application_id: int | None = None
    paid: Decimal = ZERO  # paid reimbursement invoices to date (grants.selectors.invoices)

    @property
    def is_spent_paid(self):
        """Spending is what Commerce paid on invoices; only an award with no paid invoice falls back on the
        grantee's self-reported expenditures (RCW 43.330.545: tracking the proper use of funds)."""
        return self.paid > ZERO

    @property
    def spent(self):
        return self.paid if self.is_spent_paid else self.expended


@dataclass(frozen=True)
class CoverageRow:
    county: str
    fips: str
    awards: int
    amount: Decimal
    # Beyond the contract: the awards' expenditures split the same way (only when read by program_figures).
    expended: Decimal = ZERO


@dataclass(frozen=True)
class Totals:
    awarded: Decimal
    expended: Decimal
    metrics: dict[str, Decimal]
    paid: Decimal = ZERO
    spent: Decimal = ZERO  # paid where invoices were paid, self-reported elsewhere (AwardFigures.spent)


@dataclass(frozen=True)
class ProgramFigures:
    rounds: list[str]
    period_start: date | None
    period_end: date | None
    awards: list[AwardFigures]
    totals: Totals
    completeness: dict[str, int]  # due, on_time, late, returned, missing, not_yet_due
    coverage: list[CoverageRow]
    metrics_by_quarter: dict[str, dict[str, Decimal]]  # "2022-Q1" -> code -> total over awards
    # Beyond the contract, for surfaces that show quarter-by-quarter detail (progress page, PDF appendix):
    quarter_labels: list[str] = field(default_factory=list)  # every quarter in the period, in order
    values: dict[int, dict[str, dict]] = field(default_factory=dict)  # award id -> quarter -> code -> value
    metric_kinds: dict[str, str] = field(default_factory=dict)  # code -> count | percentage | money | text

    def award(self, award_id):
        return next((a for a in self.awards if a.award_id == award_id), None)


# --- The rules, as plain functions --------------------------------------------------------------------------------


def quarter_label(year, quarter):
    return f"{year}-Q{quarter}"


def counted_statuses(accepted_only=False):
    """The report statuses whose values count (``accepted_only``: only what Commerce accepted)."""
    return (QuarterlyReport.Status.ACCEPTED,) if accepted_only else COUNTED_STATUSES


def quarter_state(*, due_on, status, first_submitted_at, is_imported, on):
    """How a quarter counts for completeness (see the module docstring)."""
    if status in COUNTED_STATUSES:
        if is_imported or first_submitted_at is None:
            return ON_TIME
        return LATE if timezone.localdate(first_submitted_at) > due_on else ON_TIME
    if status == QuarterlyReport.Status.RETURNED:
        return RETURNED
    return MISSING if on > due_on else NOT_YET_DUE


def split_evenly(amount, parts):
    """``amount`` in ``parts`` shares of whole cents that add up exactly; the first share takes the remainder."""
    if not parts:
        return []
    share = (amount / parts).quantize(CENT, rounding=ROUND_DOWN)
    return [amount - share * (parts - 1), *[share] * (parts - 1)]


def _as_rounds(rounds):
    if isinstance(rounds, FundingRound):
        return [rounds]
    return list(rounds)


# --- Reads ---------------------------------------------------------------------------------------------------------


def reporting_periods(rounds, *, period_start=None, period_end=None, award_ids=None):
    """The active reporting periods of the rounds' awards that lie inside the period (all of them without one)."""
    periods = ReportingPeriod.objects.filter(award__funding_round__in=_as_rounds(rounds), is_active=True)
    if period_start:
        periods = periods.filter(starts_on__gte=period_start)
    if period_end:
        periods = periods.filter(ends_on__lte=period_end)
    if award_ids is not None:
        periods = periods.filter(award_id__in=list(award_ids))
    return periods


def _quarter_rows(periods, on):
    """(period id, award id, year, quarter, state) of ``periods`` in one query, by award and quarter."""
    rows = periods.order_by("award_id", "year", "quarter").values_list(
        "pk",
        "award_id",
        "year",
        "quarter",
        "due_on",
        "report__status",
        "report__is_imported",
        "report__first_submitted_at",
        "report__submitted_at",
    )
    for period_id, award_id, year, quarter, due_on, status, is_imported, first_at, last_at in rows:
        state = quarter_state(
            due_on=due_on,
            status=status,
            # Reports sent before the first submission was recorded: their last submission is all we know.
            first_submitted_at=first_at or last_at,
            is_imported=bool(is_imported),
            on=on,
        )
        yield period_id, award_id, year, quarter, state


def quarter_states(periods, *, on=None):
    """{period id: on_time | late | returned | missing | not_yet_due} of a queryset of reporting periods."""
    on = on or timezone.localdate()
    return {period_id: state for period_id, _award, _year, _quarter, state in _quarter_rows(periods, on)}


def completeness_of(states):
    """How many quarters are in each state (``states``: the state of each quarter), with "due": every
    quarter but those not yet due."""
    completeness = dict.fromkeys(COMPLETENESS_KEYS, 0)
    for state in states:
        completeness[state] += 1
    completeness["due"] = sum(completeness[s] for s in QUARTER_STATES if s != NOT_YET_DUE)
    return completeness


def counted_values(periods, *, accepted_only=False):
    """The metric values of the counted reports of ``periods`` (a queryset of reporting periods)."""
    return MetricValue.objects.filter(
        report__period__in=periods, report__status__in=counted_statuses(accepted_only)
    )


def coverage(rounds, *, awards=None, expended=None):
    """One row per eligible county (and any county an award serves), by county name.

    ``awards``: the rounds' awards already read (with their counties); read here otherwise. A round with no
    awards yet counts its "award" decisions instead, so coverage can be watched while decisions are made.
    ``expended``: {award id: expended}, split among the counties like the amounts.
    """
    rounds = _as_rounds(rounds)
    counties = {c.fips: c.name for c in County.objects.all()}
    listed = [r.pk for r in rounds if not r.is_statewide]
    area_counties, eligible_counties = defaultdict(set), defaultdict(set)
    if listed:
        for round_id, fips in FundingRound.service_areas.through.objects.filter(
            fundinground_id__in=listed
        ).values_list("fundinground_id", "servicearea__counties__fips"):
            if fips:
                area_counties[round_id].add(fips)
        for round_id, fips in FundingRound.eligible_counties.through.objects.filter(
            fundinground_id__in=listed
        ).values_list("fundinground_id", "county_id"):
            eligible_counties[round_id].add(fips)
    eligible = set()
    for funding_round in rounds:
        if funding_round.is_statewide:
            eligible.update(counties)
        else:
            # The listed areas' counties; a round without listed areas names its eligible counties.
            eligible.update(area_counties[funding_round.pk] or eligible_counties[funding_round.pk])
    expended = expended or {}
    # An eligible county with no award still has its row.
    rows = {fips: [0, ZERO, ZERO] for fips in eligible}
    for award_id, amount, fips_list in _served_counties(rounds, awards):
        fips_list = sorted(fips_list, key=lambda f: counties.get(f, f))
        spent = expended.get(award_id, ZERO)
        shares = zip(
            fips_list,
            split_evenly(amount, len(fips_list)),
            split_evenly(spent, len(fips_list)),
            strict=True,
        )
        for fips, share, spent_share in shares:
            row = rows.setdefault(fips, [0, ZERO, ZERO])
            row[0] += 1
            row[1] += share
            row[2] += spent_share
    return sorted(
        (CoverageRow(counties.get(fips, fips), fips, *row) for fips, row in rows.items()),
        key=lambda row: row.county,
    )


def _served_counties(rounds, awards):
    """[(award id or None, amount, [fips])] of what covers counties: the awards that are not terminated; the
    "award" decisions of rounds without awards."""
    if awards is None:
        awards = list(
            Award.objects.filter(funding_round__in=rounds)
            .only("id", "funding_round_id", "amount", "status")
            .prefetch_related("counties")
        )
    served, rounds_with_awards = [], set()
    for award in awards:
        rounds_with_awards.add(award.funding_round_id)
        if award.status != Award.Status.TERMINATED:
            served.append((award.pk, award.amount, [c.fips for c in award.counties.all()]))
    undecided = [r.pk for r in rounds if r.pk not in rounds_with_awards]
    if undecided:
        decisions = (
            AwardDecision.objects.filter(
                application__funding_round__in=undecided, outcome=AwardDecision.Outcome.AWARD
            )
            .select_related("application")
            .prefetch_related("application__counties")
        )
        for decision in decisions:
            served.append(
                (None, decision.amount or ZERO, [c.fips for c in decision.application.counties.all()])
            )
    return served


def program_figures(
    rounds, *, period_start=None, period_end=None, on=None, accepted_only=False, award_ids=None
):
    """Every figure of the rounds' awards over the period (the whole of each award without one), as of ``on``.

    ``rounds``: one FundingRound or several (a biennial report covers several). ``award_ids`` narrows the
    awards (the grantee's progress page reads one award). ``accepted_only`` counts only accepted reports.
    """
    rounds = _as_rounds(rounds)
    on = on or timezone.localdate()
    awards_qs = Award.objects.filter(funding_round__in=rounds)
    if award_ids is not None:
        awards_qs = awards_qs.filter(pk__in=list(award_ids))
    awards = list(
        awards_qs.select_related("organization", "funding_round")
        .prefetch_related(Prefetch("counties", queryset=County.objects.order_by("name")))
        .order_by("organization__legal_name", "contract_number")
    )
    periods = reporting_periods(rounds, period_start=period_start, period_end=period_end, award_ids=award_ids)
    kinds = {}
    for code, kind in Metric.objects.filter(funding_round__in=rounds).values_list("code", "kind"):
        kinds.setdefault(code, kind)

    quarters = defaultdict(dict)  # award id -> label -> state
    labels = set()
    for _period_id, award_id, year, quarter, state in _quarter_rows(periods, on):
        labels.add((year, quarter))
        quarters[award_id][quarter_label(year, quarter)] = state

    values = defaultdict(lambda: defaultdict(dict))  # award id -> label -> code -> number or text
    sums = defaultdict(lambda: defaultdict(lambda: ZERO))  # award id -> code -> total
    by_quarter = defaultdict(lambda: defaultdict(lambda: ZERO))  # label -> code -> total
    for award_id, year, quarter, code, kind, number, text in (
        counted_values(periods, accepted_only=accepted_only)
        .order_by("report__period__year", "report__period__quarter", "id")
        .values_list(
            "report__period__award_id",
            "report__period__year",
            "report__period__quarter",
            "metric__code",
            "metric__kind",
            "number",
            "text",
        )
    ):
        label = quarter_label(year, quarter)
        if kind == Metric.Kind.TEXT:
            values[award_id][label][code] = text
            continue
        if number is None:
            continue
        values[award_id][label][code] = number
        if kind in SUMMED_KINDS:
            sums[award_id][code] += number
            by_quarter[label][code] += number

    paid = paid_by_award(rounds)
    award_figures = []
    for award in awards:
        counties = list(award.counties.all())
        metrics = dict(sums.get(award.pk, {}))
        award_figures.append(
            AwardFigures(
                award_id=award.pk,
                contract_number=award.contract_number,
                organization=award.organization.legal_name,
                organization_id=award.organization_id,
                round_slug=award.funding_round.slug,
                counties=[c.name for c in counties],
                county_fips=[c.fips for c in counties],
                amount=award.amount,
                period_start=award.period_start,
                period_end=award.period_end,
                status=award_state(award, on),
                expended=metrics.get(EXPENDITURES, ZERO),
                metrics=metrics,
                quarters=dict(quarters.get(award.pk, {})),
                application_id=award.application_id,
                paid=paid.get(award.pk, ZERO),
            )
        )

    total_metrics = defaultdict(lambda: ZERO)
    for figures in award_figures:
        for code, total in figures.metrics.items():
            total_metrics[code] += total
    completeness = completeness_of(state for figures in award_figures for state in figures.quarters.values())
    ordered_labels = [quarter_label(y, q) for y, q in sorted(labels)]
    return ProgramFigures(
        rounds=[r.slug for r in rounds],
        period_start=period_start,
        period_end=period_end,
        awards=award_figures,
        totals=Totals(
            awarded=sum((a.amount for a in award_figures), ZERO),
            expended=sum((a.expended for a in award_figures), ZERO),
            metrics=dict(total_metrics),
            paid=sum((a.paid for a in award_figures), ZERO),
            spent=sum((a.spent for a in award_figures), ZERO),
        ),
        completeness=completeness,
        coverage=coverage(
            rounds,
            awards=awards if award_ids is None else None,
            expended={a.award_id: a.expended for a in award_figures},
        ),
        metrics_by_quarter={
            label: dict(by_quarter[label]) for label in ordered_labels if label in by_quarter
        },
        quarter_labels=ordered_labels,
        values={
            award_id: {label: dict(v) for label, v in by_label.items()}
            for award_id, by_label in values.items()
        },
        metric_kinds=kinds,
    )


# --- Goals -------------------------------------------------------------------------------------------------------


def parse_quarter_label(label):
    year, quarter = label.split("-Q")
    return int(year), int(quarter)


def goals_progress(figures, metrics_by_code, *, goals=None):
    """{award id: [(goal, GoalProgress or None)]} for the awards of ``figures``, over their counted values.

    Every goal of the awards' applications, in order (``goals``: already read, else one query); the progress is
    None for a goal that names no numeric portal metric or no target. The one place goal progress is computed
    from figures (grants.progress holds the rule).
    """
    by_application = {a.application_id: a for a in figures.awards}
    if goals is None:
        goals = Goal.objects.filter(application_id__in=list(by_application)).order_by("pk")
    result = {a.award_id: [] for a in figures.awards}
    for goal in goals:
        award = by_application[goal.application_id]
        quarters = [parse_quarter_label(label) for label in award.quarters]
        values = {
            parse_quarter_label(label): by_code
            for label, by_code in figures.values.get(award.award_id, {}).items()
        }
        result[award.award_id].append(
            (
                goal,
                progress_of_goal(
                    goal, metrics_by_code.get(goal.metric_code), quarters, values, award.period_start
                ),
            )
        )
    return result


# --- As data -------------------------------------------------------------------------------------------------------


def money(value):
    """Money as the read model's data gives it: a string with two decimals."""
    return f"{Decimal(value).quantize(CENT):f}"


def metric_total(value, kind):
    """A metric total as data: money with two decimals, a count as an integer string when whole."""
    value = Decimal(value)
    if kind == Metric.Kind.MONEY or value != value.to_integral_value():
        return money(value)
    return f"{value.quantize(Decimal('1')):f}"


def _metric_totals(totals, kinds):
    return {code: metric_total(total, kinds.get(code)) for code, total in sorted(totals.items())}


def figures_as_json(figures):
    """Exactly the ``program_figures`` command's JSON (money as "0.00" strings)."""
    return {
        "round": figures.rounds[0] if len(figures.rounds) == 1 else figures.rounds,
        "period_start": figures.period_start.isoformat() if figures.period_start else None,
        "period_end": figures.period_end.isoformat() if figures.period_end else None,
        "awards": [
            {
                "contract_number": a.contract_number,
                "organization": a.organization,
                "counties": list(a.counties),
                "amount": money(a.amount),
                "status": a.status,
                "expended": money(a.expended),
                "paid": money(a.paid),
                "metrics": _metric_totals(a.metrics, figures.metric_kinds),
                "quarters": dict(a.quarters),
            }
            for a in figures.awards
        ],
        "totals": {
            "awarded": money(figures.totals.awarded),
            "expended": money(figures.totals.expended),
            "paid": money(figures.totals.paid),
            "metrics": _metric_totals(figures.totals.metrics, figures.metric_kinds),
        },
        "completeness": {key: figures.completeness[key] for key in COMPLETENESS_KEYS},
        "coverage": [
            {"county": row.county, "awards": row.awards, "amount": money(row.amount)}
            for row in figures.coverage
        ],
    }


SURVEY_TRUST, SURVEY_RESPONDENTS = "survey_trust_percent", "survey_respondents"


def trust_by_quarter(figures):
    """[(quarter, grantees reporting, respondents, trust %)]: the share who trust law enforcement, each grantee's
    counted share weighted by its respondents (a plain mean where no grantee gave a respondent count)."""
    rows = []
    for quarter in figures.quarter_labels:
        reporting, respondents, weighted, plain = 0, ZERO, ZERO, []
        for award in figures.awards:
            values = figures.values.get(award.award_id, {}).get(quarter, {})
            trust, count = values.get(SURVEY_TRUST), values.get(SURVEY_RESPONDENTS)
            if not isinstance(trust, Decimal):
                continue
            reporting += 1
            plain.append(trust)
            if isinstance(count, Decimal) and count:
                respondents += count
                weighted += trust * count
        if respondents:
            average = (weighted / respondents).quantize(Decimal("0.1"))
        elif plain:
            average = (sum(plain, ZERO) / len(plain)).quantize(Decimal("0.1"))
        else:
            average = None
        rows.append((quarter, reporting, respondents, average))
    return rows
