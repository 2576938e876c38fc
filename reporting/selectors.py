"""Reads of report runs shared by the staff and public pages."""

from django.db.models import Prefetch

from .models import ReportArtifact, ReportRun

PUBLIC_KINDS = (ReportArtifact.Kind.PDF, ReportArtifact.Kind.CSV_ZIP)


def runs_for_staff():
    return ReportRun.objects.select_related("funding_round", "requested_by", "published_by").order_by(
        "-created_at", "-id"
    )


def published_runs():
    """Every run ever published, current ones first, with their public files."""
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
        .order_by("funding_round__slug", "kind", "superseded_at", "-published_at")
    )


def latest_published(kind, round_slug):
    return (
        ReportRun.objects.filter(
            kind=kind, funding_round__slug=round_slug, published_at__isnull=False, superseded_at__isnull=True
        )
        .order_by("-published_at")
        .first()
    )


def artifact_of(run, kind):
    return run.artifacts.filter(kind=kind).first()
