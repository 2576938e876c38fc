"""Public reads: only what the program publishes (awards, accepted quarterly values, published reports).

No contact data, no street addresses, no application text beyond the project title and summary the legislative
reports already publish. Every list has an explicit, total ordering so pages are stable.
"""

from django.db.models import Max, Prefetch

from grants.models import Award, County, FundingRound, Metric, MetricValue, Organization, QuarterlyReport
from reporting.models import ReportArtifact, ReportRun
from reporting.selectors import PUBLIC_KINDS

ACCEPTED = QuarterlyReport.Status.ACCEPTED
NUMERIC_KINDS = (Metric.Kind.COUNT, Metric.Kind.PERCENTAGE, Metric.Kind.MONEY)


def public_rounds():
    return (
        FundingRound.objects.select_related("program")
        .prefetch_related("eligible_counties", "service_areas__counties")
        .order_by("slug")
    )


def public_awards():
    return (
        Award.objects.select_related("funding_round", "organization", "application")
        .prefetch_related(Prefetch("counties", queryset=County.objects.order_by("name")))
        .order_by("contract_number", "id")
    )


def funded_organizations():
    """Organizations that hold at least one award; applicants that were not funded are not published."""
    return (
        Organization.objects.filter(awards__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "awards",
                queryset=Award.objects.select_related("funding_round")
                .prefetch_related(Prefetch("counties", queryset=County.objects.order_by("name")))
                .order_by("contract_number"),
                to_attr="public_awards",
            )
        )
        .order_by("legal_name", "id")
    )


def accepted_reports():
    """Accepted quarterly reports with their numeric values (free-text answers are not published)."""
    return (
        QuarterlyReport.objects.filter(status=ACCEPTED, period__is_active=True)
        .select_related("period__award__funding_round")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=MetricValue.objects.filter(number__isnull=False, metric__kind__in=NUMERIC_KINDS)
                .select_related("metric")
                .order_by("metric__order", "metric__code"),
                to_attr="public_values",
            )
        )
        .order_by("period__award__contract_number", "period__year", "period__quarter", "id")
    )


def metric_definitions():
    return Metric.objects.select_related("funding_round").order_by("funding_round__slug", "order", "code")


def published_reports():
    return (
        ReportRun.objects.filter(published_at__isnull=False)
        .select_related("funding_round")
        .prefetch_related(
            Prefetch(
                "artifacts",
                queryset=ReportArtifact.objects.filter(kind__in=PUBLIC_KINDS).order_by("kind"),
                to_attr="public_artifacts",
            )
        )
        .order_by("-published_at", "-id")
    )


def round_by_slug(slug):
    return FundingRound.objects.filter(slug=slug).first()


def last_change():
    """The latest time any published record changed, from the change history (None when there is none)."""
    moments = [
        Award.history.aggregate(at=Max("history_date"))["at"],
        Organization.history.aggregate(at=Max("history_date"))["at"],
        QuarterlyReport.history.filter(status=ACCEPTED).aggregate(at=Max("history_date"))["at"],
        FundingRound.history.aggregate(at=Max("history_date"))["at"],
        ReportRun.objects.aggregate(at=Max("published_at"))["at"],
        ReportRun.objects.aggregate(at=Max("superseded_at"))["at"],
    ]
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None
