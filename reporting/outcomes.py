"""Figures of the final and biennial reports: funds, activities, outcomes, goals and data completeness.

Every number comes from the read model of program figures (grants.selectors.figures): which reports count,
on time or late, expenditures, coverage and goal progress are decided there; this module only lays the numbers
out in tables. Read in a fixed number of queries whatever the number of grantees.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from grants.models import Award, Metric
from grants.programs import program_definition
from grants.selectors import figures as read_model

from .tables import INTEGER, MONEY, NUMBER, PERCENT, Column, Table

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
# Per-grantee detail tables longer than this go to the CSV download only; the PDF says where they are.
PDF_ROW_LIMIT = 120

# Categories with their own section; every other count metric is an activity.
OUTCOME_CATEGORIES = {"survey", "crime", "expenditure"}


def category_label(code):
    """A metric category's name in the reports (English), from the program definition."""
    return program_definition().category_label(code, "en")


@dataclass
class Trend:
    """Quarter-by-quarter values of several series, for one chart and its data table."""

    key: str
    title: str
    quarters: list
    series: dict  # label → list of values per quarter (None = no data)
    table: Table
    unit: str = ""


@dataclass
class Outcomes:
    """What the funded programs did and achieved over a period (the final and biennial reports' core)."""

    period_start: date
    period_end: date
    as_of: date
    quarters: list
    grantee_count: int
    total_awarded: Decimal
    total_expended: Decimal
    grantees: Table
    counties: Table
    activity_totals: Table
    activity_trends: list
    survey: Trend
    crime: Trend
    crime_sources: Table
    goals: Table
    completeness: Table
    completeness_totals: dict
    appendix: list = field(default_factory=list)
    total_paid: Decimal = ZERO
    total_spent: Decimal = ZERO
    self_reported_only: int = 0  # grantees whose spending is self-reported: no invoice of theirs was paid


def _percent(part, whole):
    return (part * HUNDRED / whole).quantize(Decimal("0.1")) if whole else None


class _Data:
    """The read model's figures of the period, with the round's metric catalog (labels, order) to lay them out."""

    def __init__(self, rounds, period_start, period_end, as_of):
        self.figures = read_model.program_figures(
            rounds, period_start=period_start, period_end=period_end, on=as_of
        )
        self.awards = self.figures.awards
        # Several rounds share the catalog's codes: each code once, with the first round's label and order.
        self.metrics, seen = [], set()
        for metric in Metric.objects.filter(funding_round__in=rounds).order_by(
            "order", "code", "funding_round_id"
        ):
            if metric.code not in seen:
                seen.add(metric.code)
                self.metrics.append(metric)
        self.metric_by_code = {m.code: m for m in self.metrics}
        self.quarters = self.figures.quarter_labels
        self.values = self.figures.values

    def quarter_values(self, award_id, quarter):
        return self.values.get(award_id, {}).get(quarter, {})

    def number(self, award_id, quarter, code):
        value = self.quarter_values(award_id, quarter).get(code)
        return value if isinstance(value, Decimal) else None

    def total(self, award, code):
        return award.metrics.get(code)

    def quarter_total(self, quarter, code):
        return self.figures.metrics_by_quarter.get(quarter, {}).get(code)


def _funds(data):
    grantee_rows = []
    for award in data.awards:
        grantee_rows.append(
            (
                award.organization,
                award.amount,
                award.paid,
                award.expended,
                award.spent,
                _percent(award.spent, award.amount),
                "Paid invoices" if award.is_spent_paid else "Self-reported (no invoice paid)",
            )
        )
    totals = data.figures.totals
    total_awarded, total_expended = totals.awarded, totals.expended
    grantees = Table(
        "grantees-and-funds",
        "Grantees and funds: awarded, paid on invoices, self-reported, and spent",
        (
            Column("Grantee"),
            Column("Awarded", MONEY),
            Column("Paid (invoices)", MONEY),
            Column("Self-reported", MONEY),
            Column("Spent", MONEY),
            Column("Share spent", PERCENT),
            Column("Spent is"),
        ),
        tuple(grantee_rows),
        footer=(
            "Total",
            total_awarded,
            totals.paid,
            total_expended,
            totals.spent,
            _percent(totals.spent, total_awarded),
            "",
        ),
    )
    served = [row for row in data.figures.coverage if row.awards]
    counties = Table(
        "funds-by-county",
        "Funds by county (a grantee serving several counties is split evenly among them; terminated awards "
        "left out)",
        (Column("County"), Column("Grantees", INTEGER), Column("Awarded", MONEY), Column("Expended", MONEY)),
        tuple((row.county, row.awards, row.amount, row.expended) for row in served),
        footer=(
            "Total",
            sum(1 for award in data.awards if award.status != Award.Status.TERMINATED),
            sum((row.amount for row in served), ZERO),
            sum((row.expended for row in served), ZERO),
        ),
    )
    return grantees, counties, total_awarded, total_expended


def _activity_metrics(data):
    return [
        m
        for m in data.metrics
        if m.category not in OUTCOME_CATEGORIES and m.kind in (Metric.Kind.COUNT, Metric.Kind.MONEY)
    ]


def _activities(data):
    metrics = _activity_metrics(data)
    total_rows, trends = [], []
    by_category = defaultdict(list)
    for metric in metrics:
        by_category[metric.category].append(metric)
    labels = list(data.quarters)
    for category in sorted(by_category, key=lambda c: min(m.order for m in by_category[c])):
        series, rows = {}, []
        for metric in by_category[category]:
            label = metric.label.get("en") or metric.code
            per_quarter = [data.quarter_total(q, metric.code) for q in data.quarters]
            total = sum((v for v in per_quarter if v is not None), ZERO)
            reporting = sum(1 for a in data.awards if data.total(a, metric.code) is not None)
            total_rows.append((category_label(category), label, total, reporting))
            series[label] = per_quarter
            rows.append((label, *per_quarter, total))
        table = Table(
            f"activities-{category}",
            f"{category_label(category)}: quarterly totals",
            (Column("Metric"), *[Column(q, NUMBER) for q in labels], Column("Total", NUMBER)),
            tuple(rows),
            # The chart's values by quarter: in the data download; the PDF prints the totals table and the
            # charts (a table per category added a third of the report's pages and of its rendering time).
            in_pdf=False,
            charted=True,
        )
        trends.append(Trend(f"activities-{category}", category_label(category), labels, series, table))
    totals = Table(
        "activity-totals",
        "Activities by category: totals for the period",
        (
            Column("Category"),
            Column("Metric"),
            Column("Total", NUMBER),
            Column("Grantees reporting", INTEGER),
        ),
        tuple(total_rows),
        row_headers=False,
    )
    return totals, trends


def _survey(data):
    rows = read_model.trust_by_quarter(data.figures)
    labels = [quarter for quarter, *_rest in rows]
    trust_series = [average for *_rest, average in rows]
    table = Table(
        "perception-survey",
        "Perception survey: share of respondents who trust law enforcement, by quarter",
        (
            Column("Quarter"),
            Column("Grantees reporting", INTEGER),
            Column("Respondents", INTEGER),
            Column("Trust (weighted average)", PERCENT),
        ),
        tuple(rows),
    )
    return Trend(
        "perception-survey", "Trust in law enforcement", labels, {"Trust (%)": trust_series}, table, "%"
    )


def _crime(data):
    labels, rows, series = [], [], []
    sources = defaultdict(set)
    for quarter in data.quarters:
        reporting, total = 0, ZERO
        for award in data.awards:
            number = data.number(award.award_id, quarter, "reported_crimes")
            if number is not None:
                reporting += 1
                total += number
            source = data.quarter_values(award.award_id, quarter).get("crime_data_source")
            if isinstance(source, str) and source.strip():
                sources[" ".join(source.split())].add(award.award_id)
        labels.append(quarter)
        series.append(total if reporting else None)
        rows.append((quarter, reporting, total if reporting else None))
    table = Table(
        "reported-crime",
        "Reported crimes in the grantees' areas, by quarter",
        (Column("Quarter"), Column("Grantees reporting", INTEGER), Column("Reported crimes", INTEGER)),
        tuple(rows),
    )
    source_table = Table(
        "crime-data-sources",
        "Sources grantees cited for reported-crime figures",
        (Column("Source"), Column("Grantees", INTEGER)),
        tuple(sorted(((text, len(ids)) for text, ids in sources.items()), key=lambda r: (-r[1], r[0]))),
    )
    return Trend(
        "reported-crime", "Reported crimes", labels, {"Reported crimes": series}, table
    ), source_table


def _goals(data):
    """Each goal against what was achieved, as grants.progress computes it (a target's timeframe respected)."""
    progress = read_model.goals_progress(data.figures, data.metric_by_code)
    rows = []
    for award in data.awards:
        for goal, goal_progress in progress[award.award_id]:
            metric = data.metric_by_code.get(goal.metric_code)
            achieved = goal_progress.latest if goal_progress else None
            rows.append(
                (
                    award.organization,
                    goal.description,
                    metric.label.get("en", goal.metric_code) if metric else goal.metric,
                    goal.target,
                    achieved,
                    _percent(achieved, goal.target) if achieved is not None and goal.target else None,
                )
            )
    return Table(
        "progress-against-goals",
        "Progress against grantees' measurable goals",
        (
            Column("Grantee"),
            Column("Goal"),
            Column("Measured by"),
            Column("Target", NUMBER),
            Column("Achieved", NUMBER),
            Column("Of target", PERCENT),
        ),
        tuple(rows),
        in_pdf=len(rows) <= PDF_ROW_LIMIT,
    )


def _completeness(data):
    per_quarter = defaultdict(lambda: dict.fromkeys(read_model.COMPLETENESS_KEYS, 0))
    for award in data.awards:
        for quarter, state in award.quarters.items():
            per_quarter[quarter][state] += 1
            if state != read_model.NOT_YET_DUE:
                per_quarter[quarter]["due"] += 1
    keys = read_model.COMPLETENESS_KEYS
    rows = tuple((q, *(per_quarter[q][key] for key in keys)) for q in data.quarters)
    totals = [data.figures.completeness[key] for key in keys]
    table = Table(
        "data-completeness",
        "Data completeness: quarterly reports due, on time, late, returned and missing",
        (
            Column("Quarter"),
            Column("Due", INTEGER),
            Column("On time", INTEGER),
            Column("Late", INTEGER),
            Column("Returned", INTEGER),
            Column("Missing", INTEGER),
            Column("Not yet due", INTEGER),
        ),
        rows,
        footer=("Total", *totals),
    )
    return table, dict(data.figures.completeness)


def _appendix(data):
    """Per-grantee totals of each activity metric, one table per category (each column one unit, never added
    across metrics), and every value by grantee and quarter.

    All in the data download only: the PDF's appendix names the files. Laying out these long tables was a fifth
    of the PDF's rendering time, and the report's chapters already give the totals and each grantee's funds."""
    metrics = _activity_metrics(data)
    categories = sorted(
        {m.category for m in metrics}, key=lambda c: min(m.order for m in metrics if m.category == c)
    )
    tables = []
    for category in categories:
        in_category = [m for m in metrics if m.category == category]
        rows = tuple(
            (award.organization, *(data.total(award, m.code) for m in in_category)) for award in data.awards
        )
        tables.append(
            Table(
                f"activities-by-grantee-{category}",
                f"Appendix: {category_label(category)}, totals by grantee",
                (Column("Grantee"), *[Column(m.label.get("en") or m.code, NUMBER) for m in in_category]),
                rows,
                in_pdf=False,
            )
        )
    long_rows = []
    for award in data.awards:
        for quarter in data.quarters:
            values = data.quarter_values(award.award_id, quarter)
            for metric in data.metrics:
                if metric.code in values:
                    value = values[metric.code]
                    long_rows.append(
                        (
                            award.organization,
                            award.contract_number,
                            quarter,
                            metric.code,
                            value if isinstance(value, Decimal) else None,
                            value if isinstance(value, str) else "",
                        )
                    )
    values_table = Table(
        "values-by-grantee-and-quarter",
        "Every reported value by grantee, quarter and metric",
        (
            Column("Grantee"),
            Column("Contract"),
            Column("Quarter"),
            Column("Metric"),
            Column("Number", NUMBER),
            Column("Text"),
        ),
        tuple(long_rows),
        in_pdf=False,
    )
    return [*tables, values_table]


def outcomes(rounds, period_start, period_end, as_of=None):
    """The period's figures for one round or several (a biennial report)."""
    rounds = [rounds] if hasattr(rounds, "slug") else list(rounds)
    # By default, the day after the period's last report was due: every quarter of the period is then due.
    due_days = max(r.report_due_days for r in rounds)
    as_of = as_of or period_end + timedelta(days=due_days + 1)
    data = _Data(rounds, period_start, period_end, as_of)
    grantees, counties, awarded, expended = _funds(data)
    activity_totals, trends = _activities(data)
    crime, crime_sources = _crime(data)
    completeness, completeness_totals = _completeness(data)
    return Outcomes(
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        quarters=list(data.quarters),
        grantee_count=len(data.awards),
        total_awarded=awarded,
        total_expended=expended,
        total_paid=data.figures.totals.paid,
        total_spent=data.figures.totals.spent,
        self_reported_only=sum(1 for award in data.awards if not award.is_spent_paid),
        grantees=grantees,
        counties=counties,
        activity_totals=activity_totals,
        activity_trends=trends,
        survey=_survey(data),
        crime=crime,
        crime_sources=crime_sources,
        goals=_goals(data),
        completeness=completeness,
        completeness_totals=completeness_totals,
        appendix=_appendix(data),
    )
