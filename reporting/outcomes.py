"""Figures of the final and biennial reports: funds, activities, outcomes, goals and data completeness.

Read in a fixed number of queries whatever the number of grantees; only quarterly reports that were
submitted or accepted count (drafts and reports returned for revision do not).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from grants.models import Award, Goal, Metric, MetricValue, QuarterlyReport, ReportingPeriod
from grants.programs import program_definition

from .tables import INTEGER, MONEY, NUMBER, PERCENT, Column, Table

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
# Per-grantee detail tables longer than this go to the CSV download only; the PDF says where they are.
PDF_ROW_LIMIT = 120

# Categories with their own section; every other count metric is an activity.
OUTCOME_CATEGORIES = {"survey", "crime", "expenditure"}
COUNTED_STATUSES = (QuarterlyReport.Status.SUBMITTED, QuarterlyReport.Status.ACCEPTED)


def category_label(code):
    """A metric category's name in the reports (English), from the program definition."""
    return program_definition().category_label(code, "en")


def split_evenly(amount, parts):
    """``amount`` in ``parts`` shares of whole cents that add up exactly; the first share takes the remainder."""
    if not parts:
        return []
    share = (amount / parts).quantize(CENT, rounding=ROUND_DOWN)
    return [amount - share * (parts - 1), *[share] * (parts - 1)]


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


def _label(quarter):
    return f"{quarter[0]}-Q{quarter[1]}"


def _percent(part, whole):
    return (part * HUNDRED / whole).quantize(Decimal("0.1")) if whole else None


class _Data:
    """The period's awards, reporting periods, reports and values, read once."""

    def __init__(self, funding_round, period_start, period_end):
        self.awards = list(
            Award.objects.filter(funding_round=funding_round)
            .select_related("organization")
            .prefetch_related("counties")
            .order_by("organization__legal_name", "contract_number")
        )
        self.metrics = list(Metric.objects.filter(funding_round=funding_round).order_by("order", "code"))
        self.metric_by_code = {m.code: m for m in self.metrics}
        in_period = {
            "award__funding_round": funding_round,
            "is_active": True,
            "starts_on__gte": period_start,
            "ends_on__lte": period_end,
        }
        self.periods = list(
            ReportingPeriod.objects.filter(**in_period)
            .order_by("award_id", "year", "quarter")
            .values_list("id", "award_id", "year", "quarter", "due_on")
        )
        self.reports = {
            period_id: (status, submitted_at)
            for period_id, status, submitted_at in QuarterlyReport.objects.filter(
                **{f"period__{key}": value for key, value in in_period.items()}
            ).values_list("period_id", "status", "submitted_at")
        }
        self.quarters = sorted({(year, quarter) for _, _, year, quarter, _ in self.periods})
        # (award_id, (year, quarter)) → {code: number or text}
        self.values = defaultdict(dict)
        for award_id, year, quarter, code, number, text in (
            MetricValue.objects.filter(
                report__status__in=COUNTED_STATUSES,
                **{f"report__period__{key}": value for key, value in in_period.items()},
            )
            .order_by("id")
            .values_list(
                "report__period__award_id",
                "report__period__year",
                "report__period__quarter",
                "metric__code",
                "number",
                "text",
            )
        ):
            self.values[(award_id, (year, quarter))][code] = number if number is not None else text

    def number(self, award_id, quarter, code):
        value = self.values.get((award_id, quarter), {}).get(code)
        return value if isinstance(value, Decimal) else None

    def total(self, award_id, code):
        numbers = [self.number(award_id, q, code) for q in self.quarters]
        numbers = [n for n in numbers if n is not None]
        return sum(numbers, ZERO) if numbers else None

    def quarter_total(self, quarter, code):
        numbers = [self.number(a.id, quarter, code) for a in self.awards]
        numbers = [n for n in numbers if n is not None]
        return sum(numbers, ZERO) if numbers else None


def _funds(data):
    grantee_rows, county_totals = [], defaultdict(lambda: [0, ZERO, ZERO])
    total_awarded = total_expended = ZERO
    for award in data.awards:
        counties = sorted(award.counties.all(), key=lambda c: c.name)
        expended = data.total(award.id, "expenditures") or ZERO
        total_awarded += award.amount
        total_expended += expended
        grantee_rows.append(
            (
                award.organization.legal_name,
                ", ".join(c.name for c in counties),
                award.amount,
                expended,
                _percent(expended, award.amount),
            )
        )
        for county, awarded, spent in zip(
            counties,
            split_evenly(award.amount, len(counties)),
            split_evenly(expended, len(counties)),
            strict=True,
        ):
            totals = county_totals[county.name]
            totals[0] += 1
            totals[1] += awarded
            totals[2] += spent
    grantees = Table(
        "grantees-and-funds",
        "Grantees and funds: awarded and expended in the period",
        (
            Column("Grantee"),
            Column("Counties"),
            Column("Awarded", MONEY),
            Column("Expended", MONEY),
            Column("Share expended", PERCENT),
        ),
        tuple(grantee_rows),
        footer=("Total", "", total_awarded, total_expended, _percent(total_expended, total_awarded)),
    )
    counties = Table(
        "funds-by-county",
        "Funds by county (a grantee serving several counties is split evenly among them)",
        (Column("County"), Column("Grantees", INTEGER), Column("Awarded", MONEY), Column("Expended", MONEY)),
        tuple((name, *county_totals[name]) for name in sorted(county_totals)),
        footer=("Total", len(data.awards), total_awarded, total_expended),
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
    labels = [_label(q) for q in data.quarters]
    for category in sorted(by_category, key=lambda c: min(m.order for m in by_category[c])):
        series, rows = {}, []
        for metric in by_category[category]:
            label = metric.label.get("en") or metric.code
            per_quarter = [data.quarter_total(q, metric.code) for q in data.quarters]
            total = sum((v for v in per_quarter if v is not None), ZERO)
            reporting = sum(1 for a in data.awards if data.total(a.id, metric.code) is not None)
            total_rows.append((category_label(category), label, total, reporting))
            series[label] = per_quarter
            rows.append((label, *per_quarter, total))
        table = Table(
            f"activities-{category}",
            f"{category_label(category)}: quarterly totals",
            (Column("Metric"), *[Column(q, NUMBER) for q in labels], Column("Total", NUMBER)),
            tuple(rows),
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
    labels, rows, trust_series = [], [], []
    for quarter in data.quarters:
        reporting, respondents, weighted, weight, plain = 0, ZERO, ZERO, ZERO, []
        for award in data.awards:
            trust = data.number(award.id, quarter, "survey_trust_percent")
            count = data.number(award.id, quarter, "survey_respondents")
            if trust is None:
                continue
            reporting += 1
            plain.append(trust)
            if count:
                respondents += count
                weighted += trust * count
                weight += count
        if weight:
            average = (weighted / weight).quantize(Decimal("0.1"))
        elif plain:
            average = (sum(plain, ZERO) / len(plain)).quantize(Decimal("0.1"))
        else:
            average = None
        labels.append(_label(quarter))
        trust_series.append(average)
        rows.append((_label(quarter), reporting, respondents, average))
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
            number = data.number(award.id, quarter, "reported_crimes")
            if number is not None:
                reporting += 1
                total += number
            source = data.values.get((award.id, quarter), {}).get("crime_data_source")
            if isinstance(source, str) and source.strip():
                sources[" ".join(source.split())].add(award.id)
        labels.append(_label(quarter))
        series.append(total if reporting else None)
        rows.append((_label(quarter), reporting, total if reporting else None))
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
    award_by_application = {a.application_id: a for a in data.awards}
    goals = (
        Goal.objects.filter(application_id__in=list(award_by_application))
        .order_by("application__organization__legal_name", "id")
        .values_list("application_id", "description", "metric", "metric_code", "target")
    )
    rows = []
    for application_id, description, measure, code, target in goals:
        award = award_by_application[application_id]
        metric = data.metric_by_code.get(code)
        achieved = None
        if metric is not None and metric.kind == Metric.Kind.PERCENTAGE:
            latest = [data.number(award.id, q, code) for q in data.quarters]
            latest = [v for v in latest if v is not None]
            achieved = latest[-1] if latest else None
        elif metric is not None:
            achieved = data.total(award.id, code)
        progress = _percent(achieved, target) if achieved is not None and target else None
        rows.append(
            (
                award.organization.legal_name,
                description,
                metric.label.get("en", code) if metric else measure,
                target,
                achieved,
                progress,
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


def _completeness(data, as_of):
    per_quarter = defaultdict(
        lambda: [0, 0, 0, 0, 0, 0]
    )  # due, on time, late, returned, missing, not yet due
    for period_id, _award_id, year, quarter, due_on in data.periods:
        counts = per_quarter[(year, quarter)]
        status, submitted_at = data.reports.get(period_id, (None, None))
        if due_on > as_of:
            counts[5] += 1
            continue
        counts[0] += 1
        if status in COUNTED_STATUSES:
            # Imported reports carry no submission time: they count as received on time.
            late = submitted_at is not None and submitted_at.date() > due_on
            counts[2 if late else 1] += 1
        elif status == QuarterlyReport.Status.RETURNED:
            counts[3] += 1
        else:
            counts[4] += 1
    rows = tuple((_label(q), *per_quarter[q]) for q in data.quarters)
    totals = [sum(row[i] for row in rows) for i in range(1, 7)]
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
    keys = ("due", "on_time", "late", "returned", "missing", "not_yet_due")
    return table, dict(zip(keys, totals, strict=True))


def _appendix(data):
    """Per-grantee totals by category (in the PDF) and every value by grantee and quarter (CSV only)."""
    metrics = _activity_metrics(data)
    categories = sorted(
        {m.category for m in metrics}, key=lambda c: min(m.order for m in metrics if m.category == c)
    )
    by_grantee = []
    for award in data.awards:
        totals = []
        for category in categories:
            numbers = [data.total(award.id, m.code) for m in metrics if m.category == category]
            numbers = [n for n in numbers if n is not None]
            totals.append(sum(numbers, ZERO) if numbers else None)
        by_grantee.append((award.organization.legal_name, *totals))
    grantee_table = Table(
        "activities-by-grantee",
        "Appendix: activity totals by grantee and category",
        (Column("Grantee"), *[Column(category_label(c), NUMBER) for c in categories]),
        tuple(by_grantee),
        in_pdf=len(by_grantee) <= PDF_ROW_LIMIT,
    )
    long_rows = []
    for award in data.awards:
        for quarter in data.quarters:
            values = data.values.get((award.id, quarter), {})
            for metric in data.metrics:
                if metric.code in values:
                    value = values[metric.code]
                    long_rows.append(
                        (
                            award.organization.legal_name,
                            award.contract_number,
                            _label(quarter),
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
    return [grantee_table, values_table]


def outcomes(funding_round, period_start, period_end, as_of=None):
    data = _Data(funding_round, period_start, period_end)
    as_of = as_of or period_end + timedelta(days=funding_round.report_due_days)
    grantees, counties, awarded, expended = _funds(data)
    activity_totals, trends = _activities(data)
    crime, crime_sources = _crime(data)
    completeness, completeness_totals = _completeness(data, as_of)
    return Outcomes(
        period_start=period_start,
        period_end=period_end,
        quarters=[_label(q) for q in data.quarters],
        grantee_count=len(data.awards),
        total_awarded=awarded,
        total_expended=expended,
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
