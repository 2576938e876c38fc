"""Reads about quarterly reporting: what a grantee owes, what staff have received, metrics and goals."""

from django.db.models import (
    Case,
    CharField,
    IntegerField,
    Prefetch,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from ..models import Award, Goal, Metric, MetricValue, QuarterlyReport, ReportingPeriod
from .figures import COUNTED_STATUSES

NARRATIVES = ["highlights", "challenges", "progress_on_goals", "next_quarter_plans"]

# What a period looks like to the people involved.
ACCEPTED, SUBMITTED, RETURNED, OVERDUE, DUE, UPCOMING, MISSING = (
    "accepted",
    "submitted",
    "returned",
    "overdue",
    "due",
    "upcoming",
    "missing",
)


def today():
    return timezone.localdate()


def period_state(period, on=None):
    """accepted, submitted or returned once a report was sent; otherwise overdue, due or upcoming."""
    on = on or today()
    report = getattr(period, "report", None) if _has_report(period) else None
    if report is not None and report.status != QuarterlyReport.Status.DRAFT:
        return report.status
    if on > period.due_on:
        return OVERDUE
    if on > period.ends_on:
        return DUE
    return UPCOMING


def _has_report(period):
    try:
        period.report  # noqa: B018 - raises when there is none
    except QuarterlyReport.DoesNotExist:
        return False
    return True


def report_of(period):
    return period.report if _has_report(period) else None


def round_metrics(funding_round):
    return list(Metric.objects.filter(funding_round=funding_round).order_by("order", "pk"))


def metrics_by_category(metrics):
    """[(category, [metrics])] in catalog order."""
    grouped = {}
    for metric in metrics:
        grouped.setdefault(metric.category, []).append(metric)
    return list(grouped.items())


def member_awards(user):
    """Active awards of the organizations the person belongs to, with their periods and reports."""
    periods = (
        ReportingPeriod.objects.filter(is_active=True).select_related("report").order_by("year", "quarter")
    )
    return list(
        Award.objects.filter(
            organization__memberships__user=user,
            organization__memberships__is_active=True,
            status=Award.Status.ACTIVE,
        )
        .select_related("organization", "funding_round")
        .prefetch_related(Prefetch("reporting_periods", queryset=periods, to_attr="active_periods"))
        .distinct()
        .order_by("contract_number")
    )


def member_award_or_404(user, award_id):
    award = (
        Award.objects.filter(
            pk=award_id, organization__memberships__user=user, organization__memberships__is_active=True
        )
        .select_related("organization", "funding_round", "application")
        .distinct()
        .first()
    )
    if award is None:
        raise Http404
    return award


def member_period_or_404(user, period_id):
    """A reporting period of one of the person's organizations' awards; 404 for anyone else's."""
    period = (
        ReportingPeriod.objects.filter(
            pk=period_id,
            is_active=True,
            award__organization__memberships__user=user,
            award__organization__memberships__is_active=True,
        )
        .select_related("award__organization", "award__funding_round")
        .distinct()
        .first()
    )
    if period is None:
        raise Http404
    return period


def due_soon(user, on=None):
    """The person's periods that are due, overdue or returned: what the home page lists."""
    on = on or today()
    items = []
    for award in member_awards(user):
        for period in award.active_periods:
            state = period_state(period, on)
            if state in {DUE, OVERDUE, RETURNED}:
                items.append({"award": award, "period": period, "state": state})
    return items


def values_of(report):
    """{code: MetricValue} of a report."""
    if report is None or report.pk is None:
        return {}
    return {value.metric.code: value for value in report.values.select_related("metric")}


def stored_value(value):
    if value is None:
        return None
    return value.text if value.metric.kind == Metric.Kind.TEXT else value.number


def spent_in_other_quarters(period):
    """The award's expenditures reported for its other quarters (every report that was sent at least once)."""
    total = sum(
        (
            value.number
            for value in MetricValue.objects.filter(
                report__period__award_id=period.award_id,
                metric__code="expenditures",
                number__isnull=False,
            )
            .exclude(report__period_id=period.pk)
            .exclude(report__status=QuarterlyReport.Status.DRAFT)
        ),
        start=0,
    )
    return total


def award_goals(award):
    """The application's measurable goals that name a portal metric and a target."""
    return list(
        Goal.objects.filter(application_id=award.application_id, target__isnull=False)
        .exclude(metric_code="")
        .order_by("pk")
    )


def board_periods(funding_round, on=None):
    """Every active reporting period of the round's awards with its review state, for staff.

    On time or late is the read model's (grants.selectors.figures.quarter_states); a draft is missing once its due
    date has passed, as there.
    """
    on = on or today()
    return (
        ReportingPeriod.objects.filter(award__funding_round=funding_round, is_active=True)
        .select_related("award__organization", "report")
        .annotate(
            state=Case(
                When(report__status=QuarterlyReport.Status.ACCEPTED, then=Value(ACCEPTED)),
                When(report__status=QuarterlyReport.Status.RETURNED, then=Value(RETURNED)),
                When(report__status=QuarterlyReport.Status.SUBMITTED, then=Value(SUBMITTED)),
                When(due_on__lt=on, then=Value(MISSING)),
                default=Value(DUE),
                output_field=CharField(),
            ),
        )
        .annotate(
            awaits_review=Case(
                When(state=SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        # Reports awaiting staff review come first, the oldest due first; then every quarter in order.
        .order_by("awaits_review", "due_on", "year", "quarter", "award__organization__legal_name")
    )


def export_rows(funding_round):
    """Every value of the round's counted reports (the read model's rule: submitted or accepted), in long format, in a stable order.

    Plain tuples (contract_number, year, quarter, code, kind, number, text): no model instances, so
    tens of thousands of values stream quickly.
    """
    return (
        MetricValue.objects.filter(
            report__period__award__funding_round=funding_round,
            report__status__in=COUNTED_STATUSES,
        )
        .order_by(
            "report__period__award__contract_number",
            "report__period__year",
            "report__period__quarter",
            "metric__order",
            "metric__pk",
        )
        .values_list(
            "report__period__award__contract_number",
            "report__period__year",
            "report__period__quarter",
            "metric__code",
            "metric__kind",
            "number",
            "text",
        )
    )


def versions_of(report):
    return list(report.versions.select_related("submitted_by").order_by("number"))
