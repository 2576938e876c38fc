"""Serving a run's stored files, for staff and the public."""

import logging

from django.http import FileResponse, Http404

from portal.errors import FileMissing

from ..models import ReportArtifact

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    ReportArtifact.Kind.PDF: "application/pdf",
    ReportArtifact.Kind.CSV_ZIP: "application/zip",
    ReportArtifact.Kind.HTML: "text/html; charset=utf-8",
    ReportArtifact.Kind.SUMMARY_ES: "application/pdf",
    ReportArtifact.Kind.SUMMARY_TL: "application/pdf",
}


def download_filename(run, kind):
    extension = {"csv-zip": "zip", "html": "html"}.get(kind, "pdf")
    suffix = {
        ReportArtifact.Kind.CSV_ZIP: "-data",
        ReportArtifact.Kind.SUMMARY_ES: "-summary-es",
        ReportArtifact.Kind.SUMMARY_TL: "-summary-tl",
    }.get(kind, "")
    return f"clep-{run.kind}-report-{run.funding_round.slug}-{run.pk}{suffix}.{extension}"


def artifact_response(run, kind):
    artifact = run.artifacts.filter(kind=kind).first()
    if artifact is None:
        raise Http404
    try:
        handle = artifact.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        logger.error("Report run %s: %s is missing from storage", run.pk, artifact.file.name)
        raise FileMissing from exc
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES[kind],
        as_attachment=kind == ReportArtifact.Kind.CSV_ZIP,
        filename=download_filename(run, kind),
    )
    response["X-Content-SHA256"] = artifact.sha256
    return response
