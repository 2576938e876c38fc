"""Verbs of the reports: ask for a report, generate it, publish it, write its narrative."""

import hashlib
import logging
import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.services.errors import ServiceError

from .models import FILENAMES, SUMMARY_LANGUAGES, ReportArtifact, ReportKind, ReportNarrative, ReportRun

logger = logging.getLogger(__name__)

NARRATIVE_FIELDS = ("summary", "highlights", "recommendations", "methodology_notes")


def report_parameters(
    kind, funding_round, *, as_of=None, period_start=None, period_end=None, year=None, rounds=None
):
    """The parameters a run stores (ISO dates), checked against the kind of report.

    ``rounds``: the funding rounds a biennial report covers (``biennial_rounds``); by default its own round.
    """
    if kind not in ReportKind.values:
        raise ServiceError(_("Unknown kind of report: %(kind)s.") % {"kind": kind})
    if (period_start is None) != (period_end is None):
        raise ServiceError(_("Give both the start and the end of the period, or neither."))
    if period_start and period_end and period_end < period_start:
        raise ServiceError(_("The period ends before it starts."))
    if year is not None and (year % 2 == 0 or not 2000 <= year <= 2100):
        # The 2023 amendment asks for a report every odd year.
        raise ServiceError(_("A biennial report is for an odd year, e.g. 2023."))
    parameters = {}
    if as_of:
        parameters["as_of"] = as_of.isoformat()
    if kind == ReportKind.PRELIMINARY:
        if period_start or year:
            raise ServiceError(_("A preliminary report takes an 'as of' date, not a period or a year."))
        parameters.setdefault("as_of", timezone.localdate().isoformat())
        return parameters
    if period_start:
        parameters["period_start"], parameters["period_end"] = (
            period_start.isoformat(),
            period_end.isoformat(),
        )
    elif kind == ReportKind.BIENNIAL and year:
        parameters["year"] = year
    elif not (funding_round.period_start and funding_round.period_end):
        raise ServiceError(_("Give the period the report covers: the round has no funding period."))
    if kind == ReportKind.FINAL and year:
        raise ServiceError(_("A final report covers a period, not a year."))
    if kind == ReportKind.BIENNIAL and not (year or period_start):
        raise ServiceError(_("Give the odd year (or the period) the biennial report covers."))
    if rounds:
        if kind != ReportKind.BIENNIAL:
            raise ServiceError(_("Only a biennial report covers several funding rounds."))
        parameters["rounds"] = [r.slug for r in rounds]
    return parameters


def biennial_rounds(year=None, period_start=None, period_end=None):
    """Every funding round active in the biennium ending in odd ``year`` (or in the period), oldest first."""
    from .figures import biennium, rounds_active

    if year is not None:
        if year % 2 == 0:
            raise ServiceError(_("A biennial report is for an odd year, e.g. 2023."))
        period_start, period_end = biennium(year)
    if period_start is None or period_end is None:
        raise ServiceError(_("Give the odd year (or the period) the biennial report covers."))
    rounds = rounds_active(period_start, period_end)
    if not rounds:
        raise ServiceError(
            _("No funding round was active between %(start)s and %(end)s.")
            % {"start": period_start.isoformat(), "end": period_end.isoformat()}
        )
    return rounds


def create_run(kind, funding_round, parameters, *, by=None):
    run = ReportRun(kind=kind, funding_round=funding_round, parameters=parameters, requested_by=by)
    run.task_id = str(uuid.uuid4())
    run._history_user = by
    run.save()
    return run


@transaction.atomic
def request_report(kind, funding_round, parameters, *, by):
    """Create a queued run and hand it to a worker once the transaction commits."""
    from .tasks import generate_report

    run = create_run(kind, funding_round, parameters, by=by)
    transaction.on_commit(lambda: generate_report.apply_async((run.pk,), task_id=run.task_id))
    return run


def _set_progress(run_id, progress, step):
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(progress=progress, step=step)


def _claim(run_id):
    """Mark the run running, unless it already succeeded (a duplicate or retried delivery)."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("funding_round__program").get(pk=run_id)
        if run.status == ReportRun.Status.SUCCEEDED:
            return None
        run.status = ReportRun.Status.RUNNING
        run.started_at = timezone.now()
        run.finished_at = None
        run.progress, run.step, run.error = 0, "Starting", ""
        run.save()
        return run


def build_files(run, progress=lambda percent, step: None):
    """The run's {artifact kind: bytes} (PDF, CSV zip, HTML preview), built from the database now. No writes."""
    from .charts import report_charts
    from .figures import build_report
    from .render import render_html, render_pdf, render_summary_html, report_context
    from .tables import tables_zip

    progress(10, "Computing figures")
    report = build_report(run.kind, run.funding_round, run.parameters)
    progress(35, "Drawing charts")
    charts = report_charts(report)
    progress(50, "Laying out the report")
    context = report_context(report, charts, run.funding_round, run_id=run.pk)
    html, preview = render_html(context), render_html(context, body_only=True)
    progress(60, "Rendering the PDF")
    pdf = render_pdf(html)
    progress(75, "Rendering the summaries in Spanish and Tagalog")
    # The same report object: the summaries' numbers are the English report's, from this run.
    summaries = {
        kind: render_pdf(render_summary_html(context, language))
        for language, kind in SUMMARY_LANGUAGES.items()
    }
    progress(85, "Writing the data tables")
    return {
        ReportArtifact.Kind.PDF: pdf,
        **summaries,
        ReportArtifact.Kind.CSV_ZIP: tables_zip(report.tables),
        ReportArtifact.Kind.HTML: preview.encode(),
    }


def _store(run_id, files):
    """Save the files and mark the run succeeded, in one transaction; a run already done keeps its files."""
    saved = []
    try:
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.status == ReportRun.Status.SUCCEEDED:
                return run
            for kind, content in files:
                artifact = ReportArtifact(
                    run=run, kind=kind, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
                )
                artifact.file.save(FILENAMES[kind], ContentFile(content), save=False)
                saved.append(artifact.file.name)
                artifact.save()
            run.status = ReportRun.Status.SUCCEEDED
            run.progress, run.step = 100, "Done"
            run.finished_at = timezone.now()
            run.save()
            return run
    except Exception:
        _delete_files(saved)
        raise


def _delete_files(names):
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def readable_error(exc):
    if isinstance(exc, ServiceError):
        return str(exc)
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else exc.__class__.__name__
    return _("The report could not be generated (%(detail)s). Check the data and generate it again.") % {
        "detail": detail
    }


def generate(run_id):
    """Generate a run's files; idempotent. Failures end the run as failed with a readable error, no files."""
    run = _claim(run_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    try:
        files = build_files(run, lambda percent, step: _set_progress(run_id, percent, step))
        return _store(run_id, files.items())
    except Exception as exc:  # any failure must end as a failed run a person can see
        logger.exception("Report run %s failed", run_id)
        ReportRun.objects.filter(pk=run_id).exclude(status=ReportRun.Status.SUCCEEDED).update(
            status=ReportRun.Status.FAILED, error=readable_error(exc), finished_at=timezone.now()
        )
        return ReportRun.objects.get(pk=run_id)


@transaction.atomic
def publish_run(run, *, by):
    """Publish a succeeded run; the kind and round's previously published run becomes superseded."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if (
        run.status != ReportRun.Status.SUCCEEDED
        or not run.artifacts.filter(kind=ReportArtifact.Kind.PDF).exists()
    ):
        raise ServiceError(_("Only a report that was generated successfully can be published."))
    if run.is_current:
        raise ServiceError(_("This report is already published."))
    now = timezone.now()
    for other in ReportRun.objects.select_for_update().filter(
        kind=run.kind,
        funding_round_id=run.funding_round_id,
        published_at__isnull=False,
        superseded_at__isnull=True,
    ):
        if run.kind == ReportKind.BIENNIAL and other.parameters.get("year") != run.parameters.get("year"):
            continue  # each odd year's biennial report stands on its own, even when filed under the same round
        other.superseded_at = now
        other._history_user = by
        other._change_reason = f"Superseded by run {run.pk}"
        other.save()
    run.published_at, run.published_by, run.superseded_at = now, by, None
    run._history_user = by
    run._change_reason = "Published"
    run.save()
    return run


@transaction.atomic
def save_narrative(funding_round, kind, *, by, **fields):
    narrative = (
        ReportNarrative.objects.select_for_update().filter(funding_round=funding_round, kind=kind).first()
    )
    narrative = narrative or ReportNarrative(funding_round=funding_round, kind=kind)
    for name in NARRATIVE_FIELDS:
        if name in fields:
            setattr(narrative, name, fields[name])
    narrative.updated_by = by
    narrative._history_user = by
    narrative.save()
    return narrative


def parse_date(text, label):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("%(label)s must be a date like 2023-09-30.") % {"label": label}) from exc
