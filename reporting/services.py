"""Verbs of the reports: ask for a report, generate it, publish it, write its narrative."""

import hashlib
import logging
import threading
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.permissions import check_permission
from grants.services.errors import ServiceError
from portal.jobs import publish, publish_on_commit

from .lifecycle import REPORT_RUN
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
    run.heartbeat_at = timezone.now()
    run._history_user = by
    run.save()
    return run


@transaction.atomic
def request_report(kind, funding_round, parameters, *, by):
    """Create a queued run and hand it to a worker once the transaction commits.

    The queued row is the outbox: when the broker is down the run stays queued and ``recover_runs``
    publishes it once the broker is back (the person sees "queued, will start shortly", never an error).
    """
    from .tasks import generate_report

    check_permission("report.generate", by, funding_round)
    run = create_run(kind, funding_round, parameters, by=by)
    publish_on_commit(generate_report, (run.pk,), task_id=run.task_id)
    return run


def _set_progress(run_id, progress, step):
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
        progress=progress, step=step, heartbeat_at=timezone.now()
    )


def _claim(run_id, task_id=None):
    """Mark a queued run running; None when this delivery must do nothing.

    Only a queued run is claimed, and only by the message carrying its current ``task_id``: a duplicate
    message, a message redelivered after its worker died (the run was re-queued under a new id since) or a
    run already finished is left alone, so each run is generated exactly once.
    """
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("funding_round__program").get(pk=run_id)
        if not REPORT_RUN.can(run, "start"):
            return None
        if task_id is not None and run.task_id and task_id != run.task_id:
            return None
        run.status = REPORT_RUN.check(run, "start")
        run.started_at = run.heartbeat_at = timezone.now()
        run.finished_at = None
        run.attempts += 1
        run.progress, run.step, run.error = 0, "Starting", ""
        run.save()
        return run


class _Heartbeat:
    """Writes the run's heartbeat every few seconds from a thread while the worker is alive."""

    def __init__(self, run_id):
        self.run_id = run_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"heartbeat-run-{run_id}")

    def _beat(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    ReportRun.objects.filter(pk=self.run_id, status=ReportRun.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # a missed beat is retried at the next one
                    logger.warning("Could not write the heartbeat of report run %s", self.run_id)
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


def build_files(run, progress=lambda percent, step: None):
    """The run's {artifact kind: bytes} (PDF, CSV zip, HTML preview), built from the database now. No writes."""
    from .charts import report_charts
    from .figures import build_report
    from .render import render_documents, render_pdf, render_summary_html, report_context
    from .tables import tables_zip

    progress(10, "Computing figures")
    report = build_report(run.kind, run.funding_round, run.parameters)
    progress(35, "Drawing charts")
    charts = report_charts(report)
    progress(50, "Laying out the report")
    context = report_context(report, charts, run.funding_round, run_id=run.pk)
    html, preview = render_documents(context)
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
            if not REPORT_RUN.can(run, "succeed"):
                return run
            for kind, content in files:
                artifact = ReportArtifact(
                    run=run, kind=kind, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
                )
                artifact.file.save(FILENAMES[kind], ContentFile(content), save=False)
                saved.append(artifact.file.name)
                artifact.save()
            run.status = REPORT_RUN.check(run, "succeed")
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


def generate(run_id, task_id=None):
    """Generate a run's files; idempotent. Failures end the run as failed with a readable error, no files.

    ``task_id`` is the id of the delivering message (the task passes it); a stale message does nothing.
    """
    run = _claim(run_id, task_id)
    if run is None:
        return ReportRun.objects.get(pk=run_id)
    try:
        with _Heartbeat(run_id):
            files = build_files(run, lambda percent, step: _set_progress(run_id, percent, step))
        return _store(run_id, files.items())
    except Exception as exc:  # any failure must end as a failed run a person can see
        logger.exception("Report run %s failed", run_id)
        fail = REPORT_RUN.transition("fail")
        ReportRun.objects.filter(pk=run_id, status__in=fail.sources).update(
            status=fail.target, error=readable_error(exc), finished_at=timezone.now()
        )
        return ReportRun.objects.get(pk=run_id)


def recover_runs(now=None):
    """The relay for report runs (beat): nothing stays "queued" or "running" because a worker or broker died.

    - a running run whose heartbeat is older than JOB_STALE_AFTER_SECONDS belongs to a dead worker: it is
      queued again under a new task id (the old message, if redelivered, then does nothing), or failed with a
      readable reason after JOB_MAX_ATTEMPTS attempts;
    - a queued run not handed to the broker for JOB_REDISPATCH_AFTER_SECONDS is published again (its first
      publish failed while the broker was down, or the broker lost it); a duplicate message is harmless.
    Returns {"requeued": n, "failed": n, "published": n}.
    """
    from .tasks import generate_report

    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0, "published": 0}
    stale = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    # Runs from before heartbeats were recorded count from when they started or were created.
    silent_since = Coalesce("heartbeat_at", "started_at", "created_at")
    running = ReportRun.objects.filter(status=ReportRun.Status.RUNNING).alias(silent_since=silent_since)
    for run_id in running.filter(silent_since__lt=stale).values_list("pk", flat=True):
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            if run.status != ReportRun.Status.RUNNING or (run.heartbeat_at and run.heartbeat_at >= stale):
                continue
            if run.attempts >= settings.JOB_MAX_ATTEMPTS:
                run.status = REPORT_RUN.check(run, "fail")
                run.finished_at = now
                run.error = _(
                    "The worker generating this report stopped %(attempts)d times (it may have run out of "
                    "memory or been restarted). Generate it again; if it keeps failing, tell the portal's "
                    "administrators."
                ) % {"attempts": run.attempts}
                run._change_reason = "Failed: worker stopped"
                run.save()
                counts["failed"] += 1
                continue
            run.status = REPORT_RUN.check(run, "requeue")
            run.task_id = str(uuid.uuid4())
            run.progress, run.step, run.heartbeat_at = (
                0,
                "Queued again: the worker generating it stopped",
                now,
            )
            run._change_reason = "Re-queued: worker stopped"
            run.save()
            publish_on_commit(generate_report, (run.pk,), task_id=run.task_id)
            counts["requeued"] += 1
    undispatched = now - timedelta(seconds=settings.JOB_REDISPATCH_AFTER_SECONDS)
    queued = ReportRun.objects.filter(status=ReportRun.Status.QUEUED).alias(silent_since=silent_since)
    for run_id, task_id in queued.filter(silent_since__lt=undispatched).values_list("pk", "task_id"):
        if not publish(generate_report, (run_id,), task_id=task_id):
            break
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(heartbeat_at=now)
        counts["published"] += 1
    return counts


@transaction.atomic
def publish_run(run, *, by):
    """Publish a succeeded run; the kind and round's previously published run becomes superseded."""
    check_permission("report.publish", by, run)
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.is_current:
        raise ServiceError(_("This report is already published."))
    REPORT_RUN.check(run, "publish")
    now = timezone.now()
    for other in ReportRun.objects.select_for_update().filter(
        kind=run.kind,
        funding_round_id=run.funding_round_id,
        published_at__isnull=False,
        superseded_at__isnull=True,
    ):
        if run.kind == ReportKind.BIENNIAL and other.parameters.get("year") != run.parameters.get("year"):
            continue  # each odd year's biennial report stands on its own, even when filed under the same round
        REPORT_RUN.check(other, "supersede")
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
    check_permission("report.generate", by, funding_round)
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
