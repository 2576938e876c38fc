"""Reads of report runs shared by the staff and public pages."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import ReportArtifact, ReportKind, ReportRun

# The order a reader meets a report's files in: the report, its summaries, its data.
PUBLIC_KINDS = (
    ReportArtifact.Kind.PDF,
    ReportArtifact.Kind.SUMMARY_ES,
    ReportArtifact.Kind.SUMMARY_TL,
    ReportArtifact.Kind.CSV_ZIP,
)


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
                queryset=ReportArtifact.objects.filter(kind__in=PUBLIC_KINDS),
                to_attr="public_artifacts",
            )
        )
        .order_by("funding_round__slug", "kind", "superseded_at", "-published_at")
    )


@dataclass
class StatutoryReport:
    """Published runs of one report the statute asks for (RCW 43.330.545), e.g. "Biennial report 2025"."""

    heading: str
    order: tuple
    runs: list = field(default_factory=list)


def _biennial_year(run):
    from .figures import report_period

    if run.parameters.get("year"):
        return int(run.parameters["year"])
    _start, end = report_period(run.kind, run.funding_round, run.parameters)
    year = (end or run.funding_round.period_end).year
    return year if year % 2 else year + 1  # a report is due in each odd year


def run_period(run):
    """(start, end) a run covers, or (None, as_of) for a preliminary report's status date."""
    from .figures import report_period

    if run.kind == ReportKind.PRELIMINARY:
        as_of = run.parameters.get("as_of")
        return None, date.fromisoformat(as_of) if as_of else None
    return report_period(run.kind, run.funding_round, run.parameters)


def statutory_groups(runs):
    """Runs grouped by the statutory report they are: preliminary, final, then each biennial year."""
    groups = {}
    for run in runs:
        if run.kind == ReportKind.PRELIMINARY:
            key, heading = (0, 0), _("Preliminary report (due 1 Jan 2022)")
        elif run.kind == ReportKind.FINAL:
            key, heading = (1, 0), _("Final report (due 1 Dec 2023)")
        else:
            year = _biennial_year(run)
            key, heading = (2, year), _("Biennial report %(year)s") % {"year": year}
        group = groups.setdefault(key, StatutoryReport(heading, key))
        run.period_start, run.period_end = run_period(run)
        run.files = sorted(run.public_artifacts, key=lambda a: PUBLIC_KINDS.index(a.kind))
        group.runs.append(run)
    return [groups[key] for key in sorted(groups)]


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
