"""The report run lifecycle: queued → running → succeeded or failed; a succeeded run is published, and a newer
published run of the same kind and round supersedes it.

"Published" and "superseded" are derived from the run's dates (published_at, superseded_at), so the stored
status stays what the worker did. A failed run may be started again; a superseded run may be published again.
"""

from django.utils.translation import gettext_lazy

from grants.lifecycles import Lifecycle, Transition

from .models import ReportArtifact, ReportRun

Status = ReportRun.Status
PUBLISHED = "published"
SUPERSEDED = "superseded"


def run_state(run):
    if run.status == Status.SUCCEEDED and run.published_at is not None:
        return SUPERSEDED if run.superseded_at is not None else PUBLISHED
    return run.status


NOT_GENERATED = gettext_lazy("Only a report that was generated successfully can be published.")


def _has_pdf(run):
    if not run.artifacts.filter(kind=ReportArtifact.Kind.PDF).exists():
        return str(NOT_GENERATED)
    return None


REPORT_RUN = Lifecycle(
    name="report",
    verbose_name=gettext_lazy("report"),
    states={
        **{status: status.label for status in Status},
        PUBLISHED: gettext_lazy("Published"),
        SUPERSEDED: gettext_lazy("Superseded"),
    },
    transitions=(
        # Only a queued run starts: a duplicate or redelivered message finds it running or finished and does
        # nothing; a run whose worker died is put back in the queue by the recovery task (requeue).
        Transition("start", frozenset({Status.QUEUED}), Status.RUNNING, "start"),
        Transition("requeue", frozenset({Status.RUNNING}), Status.QUEUED, "requeue"),
        Transition("succeed", frozenset({Status.RUNNING}), Status.SUCCEEDED, "succeed"),
        Transition("fail", frozenset({Status.QUEUED, Status.RUNNING}), Status.FAILED, "fail"),
        Transition(
            "publish",
            frozenset({Status.SUCCEEDED, SUPERSEDED}),
            PUBLISHED,
            gettext_lazy("Publish"),
            (_has_pdf,),
            refused=NOT_GENERATED,
        ),
        Transition("supersede", frozenset({PUBLISHED}), SUPERSEDED, gettext_lazy("Supersede")),
    ),
    state_of=run_state,
    model=ReportRun,
)
