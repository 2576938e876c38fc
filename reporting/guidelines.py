"""The reporting guidelines the preliminary report states (RCW 43.330.545: Commerce, with WSIPP, sets how
grantees report): every metric with its definition, unit and frequency, the survey question, the due dates and
how the data are checked. Read from the round's metric catalog (grants.programs.clep.metrics seeds it) and schedule.
"""

from dataclasses import dataclass

from grants.models import Metric
from grants.programs import program_definition
from grants.schedule import reporting_quarters

from .tables import Column, Table

# The unit a value of each kind of metric is in (grants.quarterly_rules enforces them).
UNITS = {
    Metric.Kind.COUNT: "Whole number (count)",
    Metric.Kind.PERCENTAGE: "Percent, 0 to 100",
    Metric.Kind.MONEY: "US dollars and cents",
    Metric.Kind.TEXT: "Text",
}
SURVEY_CODES = ("survey_trust_percent", "survey_respondents")
# How the portal and Commerce check every quarterly report before its numbers count in a report.
DATA_CHECKS = (
    "The portal refuses a value that breaks a rule before the report can be submitted: counts are whole and "
    "not negative, percentages lie between 0 and 100, money is exact to the cent, and required metrics "
    "cannot be left empty.",
    "Expenditures over all quarters may not exceed the award.",
    "Commerce staff review each submitted report; a report with doubtful figures is returned to the grantee "
    "for revision, and only submitted or accepted reports are counted.",
    "Every version of a report is kept with who changed it and when; nothing is overwritten or deleted.",
    "A report submitted after its due date is counted, and recorded as late.",
)


@dataclass
class Guidelines:
    metrics: Table
    schedule: Table
    survey_question: str
    survey_metrics: list
    due_days: int
    first_due: str
    last_due: str
    checks: tuple = DATA_CHECKS

    @property
    def metric_count(self):
        return len(self.metrics.rows)


def _label(metric):
    return metric.label.get("en") or metric.code


def metric_catalog(funding_round):
    metrics = Metric.objects.filter(funding_round=funding_round).order_by("order", "code")
    return Table(
        "metric-catalog",
        "What grantees report each quarter (the metric catalog): definition, unit and frequency",
        (
            Column("Metric"),
            Column("Category"),
            Column("Definition"),
            Column("Unit"),
            Column("Frequency"),
            Column("Required"),
        ),
        tuple(
            (
                _label(m),
                program_definition().category_label(m.category, "en"),
                (m.help_text or {}).get("en", ""),
                UNITS.get(m.kind, m.kind),
                "Quarterly",
                "Yes" if m.is_required else "No",
            )
            for m in metrics
        ),
    )


def quarterly_schedule(funding_round):
    if not (funding_round.period_start and funding_round.period_end):
        quarters = []
    else:
        quarters = reporting_quarters(
            funding_round.period_start, funding_round.period_end, funding_round.report_due_days
        )
    return Table(
        "quarterly-schedule",
        "Quarterly reporting schedule: each report is due after its quarter ends",
        (Column("Quarter"), Column("Starts"), Column("Ends"), Column("Report due")),
        tuple(
            (q.label, q.starts_on.isoformat(), q.ends_on.isoformat(), q.due_on.isoformat()) for q in quarters
        ),
    )


def guidelines(funding_round):
    catalog = metric_catalog(funding_round)
    schedule = quarterly_schedule(funding_round)
    survey = {m.code: m for m in Metric.objects.filter(funding_round=funding_round, code__in=SURVEY_CODES)}
    trust = survey.get("survey_trust_percent")
    question = (trust.help_text or {}).get("en", "") if trust else ""
    return Guidelines(
        metrics=catalog,
        schedule=schedule,
        survey_question=(
            "Do you trust law enforcement in your community? (yes or no; the grantee reports the share who "
            "answer yes, and the number of respondents)"
        ),
        survey_metrics=[f"{_label(m)}: {(m.help_text or {}).get('en', '')}" for m in survey.values()]
        or ([question] if question else []),
        due_days=funding_round.report_due_days,
        first_due=schedule.rows[0][3] if schedule.rows else "",
        last_due=schedule.rows[-1][3] if schedule.rows else "",
    )
