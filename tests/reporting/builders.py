"""Data for report tests: the shared metric catalog and awards with quarterly reports, built with factories."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import Metric, QuarterlyReport
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import ApplicationFactory, AwardFactory, GoalFactory, MetricFactory, OrganizationFactory

# (code, category, kind), the codes every round's catalog shares (HELPERS.md).
SHARED_METRICS = [
    ("dialogue_sessions", "partnership", "count"),
    ("community_participants", "partnership", "count"),
    ("officers_participating", "partnership", "count"),
    ("youth_activities", "youth", "count"),
    ("youth_participants", "youth", "count"),
    ("businesses_engaged", "business", "count"),
    ("business_safety_trainings", "business", "count"),
    ("education_sessions", "education", "count"),
    ("education_participants", "education", "count"),
    ("deescalation_trainings", "anti_racism", "count"),
    ("cultural_awareness_trainings", "anti_racism", "count"),
    ("leadership_trainings", "anti_racism", "count"),
    ("conflict_management_trainings", "anti_racism", "count"),
    ("coalition_building_trainings", "anti_racism", "count"),
    ("training_participants", "anti_racism", "count"),
    ("community_members_recognized", "recognition", "count"),
    ("officers_recognized", "recognition", "count"),
    ("concerns_documented", "concerns", "count"),
    ("concerns_resolved", "concerns", "count"),
    ("survey_respondents", "survey", "count"),
    ("survey_trust_percent", "survey", "percentage"),
    ("reported_crimes", "crime", "count"),
    ("crime_data_source", "crime", "text"),
    ("expenditures", "expenditure", "money"),
]


def seed_metrics(funding_round):
    """The round's metrics of the shared codes: the catalog the migration seeds, completed if a code is missing."""
    metrics = {m.code: m for m in funding_round.metrics.filter(code__in=[c for c, _, _ in SHARED_METRICS])}
    for order, (code, category, kind) in enumerate(SHARED_METRICS):
        if code in metrics:
            continue
        metrics[code] = MetricFactory(
            funding_round=funding_round,
            code=code,
            category=category,
            kind=kind,
            order=order,
            label={"en": code.replace("_", " ").capitalize()},
            help_text={"en": f"Definition of {code.replace('_', ' ')}."},
        )
    return metrics


def value_for(code, index, quarter_index):
    """A deterministic value of a metric for grantee ``index`` in quarter ``quarter_index``."""
    if code == "survey_trust_percent":
        return Decimal(40 + (index * 3 + quarter_index * 2) % 50)
    if code == "expenditures":
        return Decimal("10000.00") + Decimal(index * 101 + quarter_index * 7)
    if code == "reported_crimes":
        return Decimal(100 + index * 5 - quarter_index)
    return Decimal((index + 1) * (quarter_index + 1) % 17 + 1)


def award_with_reports(
    funding_round, metrics, index, *, name=None, counties=("Yakima",), quarters=8, amount=None
):
    """An award (with an application and a goal) whose first ``quarters`` reports are accepted, with every metric."""
    organization = OrganizationFactory(legal_name=name or f"Grantee {index:03d} Community Partnership")
    application = ApplicationFactory(
        funding_round=funding_round, organization=organization, counties=list(counties)
    )
    GoalFactory(application=application, metric_code="dialogue_sessions", target=Decimal("20"))
    award = AwardFactory(application=application, amount=amount or Decimal("100000.00") + index * 1000)
    periods = ensure_reporting_periods(award)
    for quarter_index, period in enumerate(periods[:quarters]):
        submitted = timezone.make_aware(datetime.combine(period.due_on - timedelta(days=2), time(12)))
        report = QuarterlyReport.objects.create(
            period=period, status=QuarterlyReport.Status.ACCEPTED, submitted_at=submitted, version=1
        )
        for code, metric in metrics.items():
            if metric.kind == Metric.Kind.TEXT:
                report.values.create(
                    metric=metric, text="Washington Association of Sheriffs and Police Chiefs"
                )
            else:
                report.values.create(metric=metric, number=value_for(code, index, quarter_index))
    return award
