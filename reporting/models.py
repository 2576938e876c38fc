"""Legislative reports: staff-written narratives, report runs (one generation each) and their files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grants.models import FundingRound


class ReportKind(models.TextChoices):
    # RCW 43.330.545 (2021): a preliminary report by 1 January 2022 and a final one by 1 December 2023;
    # the 2023 amendment adds a report every odd year.
    PRELIMINARY = "preliminary", _("Preliminary report")
    FINAL = "final", _("Final report")
    BIENNIAL = "biennial", _("Biennial report")


class ReportNarrative(models.Model):
    """The parts of a report staff write themselves, per round and kind; figures are never typed in here."""

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="report_narratives"
    )
    kind = models.CharField(_("kind of report"), max_length=12, choices=ReportKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    highlights = models.TextField(_("selected highlights"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    methodology_notes = models.TextField(_("methodology notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "kind"], name="one_narrative_per_round_and_kind")
        ]

    def __str__(self):
        return f"{self.funding_round.slug} {self.kind}"


class ReportRun(models.Model):
    """One generation of a report: its parameters, who asked, progress, outcome and publication."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind of report"), max_length=12, choices=ReportKind.choices)
    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="report_runs", verbose_name=_("funding round")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=100, blank=True)
    # Written by the worker while it generates (and when the run is published to the broker): a running run
    # whose heartbeat stopped belongs to a worker that died, and is re-queued (see services.recover_runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "funding_round", "published_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.funding_round} (#{self.pk})"

    @property
    def is_finished(self):
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def is_current(self):
        """Published and not replaced by a newer published run."""
        return self.published_at is not None and self.superseded_at is None

    @property
    def title(self):
        return f"{self.get_kind_display()} – {self.funding_round.name}"


FILENAMES = {
    "pdf": "report.pdf",
    "csv-zip": "data.zip",
    "html": "preview.html",
    "summary-es": "summary-es.pdf",
    "summary-tl": "summary-tl.pdf",
}
# The executive summary is also published on its own in these languages (state language-access policy).
SUMMARY_LANGUAGES = {"es": "summary-es", "tl": "summary-tl"}


def artifact_path(artifact, filename):
    return f"reports/{artifact.run_id}/{filename}"


class ReportArtifact(models.Model):
    """A file a run produced (the PDF, the zip of CSV tables), stored through Django's storage API."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        CSV_ZIP = "csv-zip", _("Data tables (CSV, zip)")
        HTML = "html", _("HTML preview")
        SUMMARY_ES = "summary-es", _("Summary in Spanish (PDF)")
        SUMMARY_TL = "summary-tl", _("Summary in Tagalog (PDF)")

    run = models.ForeignKey(ReportRun, on_delete=models.PROTECT, related_name="artifacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=artifact_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["kind"]
        # A retried or duplicated task cannot give a run two files of one kind.
        constraints = [models.UniqueConstraint(fields=["run", "kind"], name="one_artifact_per_run_and_kind")]

    def __str__(self):
        return f"{self.run_id} {self.kind}"

    @property
    def filename(self):
        return FILENAMES[self.kind]
