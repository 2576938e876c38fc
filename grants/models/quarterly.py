"""Quarterly activity data: the metric catalog, reporting periods, reports and their values."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .awards import Award
from .rounds import FundingRound


class Metric(models.Model):
    """One thing grantees report each quarter, configured per round by staff.

    ``label`` and ``help_text`` hold one text per language, e.g. ``{"en": "…", "es": "…", "tl": "…"}``.
    """

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        MONEY = "money", _("Money")
        TEXT = "text", _("Text")

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="metrics")
    code = models.SlugField(max_length=60)
    category = models.CharField(_("category"), max_length=60)
    label = models.JSONField(_("label"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    is_required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["funding_round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "code"], name="one_metric_code_per_round")
        ]

    def __str__(self):
        return self.label_text

    def _in_language(self, texts):
        language = (translation.get_language() or "en")[:2]
        return texts.get(language) or texts.get("en") or self.code

    @property
    def label_text(self):
        return self._in_language(self.label)

    @property
    def help_text_text(self):
        return self._in_language(self.help_text) if self.help_text else ""


class ReportingPeriod(models.Model):
    """A calendar quarter of an award's period of performance, with the date its report is due."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="reporting_periods")
    year = models.PositiveIntegerField()
    quarter = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField(_("due date"))
    is_active = models.BooleanField(default=True, help_text="False when an amendment moved the period out.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["award", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["award", "year", "quarter"], name="one_period_per_quarter")
        ]

    def __str__(self):
        return f"{self.year}-Q{self.quarter}"

    @property
    def label(self):
        return f"{self.year}-Q{self.quarter}"


class QuarterlyReport(models.Model):
    """A grantee's report for one reporting period; every submitted version is kept (see history)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    period = models.OneToOneField(ReportingPeriod, on_delete=models.PROTECT, related_name="report")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    highlights = models.TextField(_("highlights"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    progress_on_goals = models.TextField(_("progress on goals"), blank=True)
    next_quarter_plans = models.TextField(_("plans for next quarter"), blank=True)
    version = models.PositiveIntegerField(default=0)
    is_imported = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # On time or late is decided by the first submission, whatever happened after (returned, resubmitted).
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("comments from Commerce"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")

    def __str__(self):
        return f"{self.period.award.contract_number} {self.period}"


class MetricValue(models.Model):
    """One metric's value in one report. Numbers are Decimal (money exact); text metrics use ``text``."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        constraints = [models.UniqueConstraint(fields=["report", "metric"], name="one_value_per_metric")]

    def __str__(self):
        return f"{self.metric.code}={self.number if self.number is not None else self.text}"


class ReportVersion(models.Model):
    """What a report said when it was submitted (or imported): one row per version, never changed.

    Staff compare two versions to see what a resubmission changed; ``values`` maps metric code to the
    value as text, ``narratives`` maps narrative field name to its text.
    """

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    narratives = models.JSONField(default=dict)
    is_imported = models.BooleanField(default=False)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_row_per_report_version")
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"
