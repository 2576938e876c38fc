"""The public reports page: every published report, for legislators and the public, without an account."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ..models import ReportArtifact, ReportKind, ReportRun
from ..selectors import latest_published, published_runs, statutory_groups
from .downloads import artifact_response

PUBLIC_FILES = {
    "report.pdf": ReportArtifact.Kind.PDF,
    "summary-es.pdf": ReportArtifact.Kind.SUMMARY_ES,
    "summary-tl.pdf": ReportArtifact.Kind.SUMMARY_TL,
    "data.zip": ReportArtifact.Kind.CSV_ZIP,
}


def report_list(request):
    runs = list(published_runs())
    return render(
        request,
        "reporting/public/report_list.html",
        {
            "groups": statutory_groups([r for r in runs if r.is_current]),
            "current": [r for r in runs if r.is_current],
            "superseded": [r for r in runs if not r.is_current],
        },
    )


def published_file(request, run_id, filename):
    """The permanent URL of a published run's file; it keeps working after the run is superseded."""
    run = get_object_or_404(
        ReportRun.objects.select_related("funding_round"), pk=run_id, published_at__isnull=False
    )
    return artifact_response(run, PUBLIC_FILES[filename])


def latest_file(request, kind, round_slug, filename):
    """The newest published run of a kind and round: a redirect to its permanent URL."""
    if kind not in ReportKind.values:
        raise Http404
    run = latest_published(kind, round_slug)
    if run is None:
        raise Http404
    return redirect("reporting:public_file", run.pk, filename)
