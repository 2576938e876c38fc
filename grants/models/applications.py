"""Applications, what they contain, and staff overrides of their eligibility."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .counties import County
from .organizations import Organization
from .rounds import FundingRound


class Application(models.Model):
    """An organization's application to one round.

    The criteria booleans (``has_*``) are what an imported application states (the import CSV's yes/no
    columns); an application made in the portal derives them from its content when it is submitted.
    Eligibility itself is never stored: grants.eligibility computes it from current data.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Portal")
        IMPORT = "import", _("Imported")

    funding_round = models.ForeignKey(
        FundingRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("funding round")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="applications", verbose_name=_("organization")
    )
    reference = models.CharField(_("reference"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PORTAL)
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    project_summary = models.TextField(_("project summary"), blank=True)
    # RCW 43.330.545(3)(b): demonstrated experience with community engagement that affects public safety.
    public_safety_engagement_experience = models.TextField(
        _("experience with community engagement"), blank=True
    )
    engagement_examples = models.TextField(_("examples"), blank=True)
    # (3)(c): community engagement is part of the applicant's services.
    community_engagement = models.TextField(_("community engagement in your services"), blank=True)
    # (3)(e): established priorities, policies and measurable goals.
    priorities_and_policies = models.TextField(_("priorities and policies"), blank=True)
    counties = models.ManyToManyField(
        County, related_name="applications", blank=True, verbose_name=_("counties")
    )
    communities = models.JSONField(_("communities"), default=list, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_narrative = models.TextField(_("budget narrative"), blank=True)
    has_public_safety_engagement_experience = models.BooleanField(default=False)
    has_community_engagement = models.BooleanField(default=False)
    has_law_enforcement_partner = models.BooleanField(default=False)
    has_dei_partner = models.BooleanField(default=False)
    has_measurable_goals = models.BooleanField(default=False)
    current_step = models.CharField(max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    history = HistoricalRecords(m2m_fields=[counties])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["funding_round", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "reference"], name="one_reference_per_round")
        ]

    def __str__(self):
        return f"{self.reference} – {self.organization}"

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Partner(models.Model):
    """A committed partner of the coordinated effort, RCW 43.330.545(3)(d)."""

    class Type(models.TextChoices):
        LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement agency")
        DEI = "dei", _("Organization committed to diversity, equity and inclusion")
        OTHER = "other", _("Other partner")

    class Commitment(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        PLANNED = "planned", _("To be established")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("partner name"), max_length=200)
    partner_type = models.CharField(_("type of partner"), max_length=20, choices=Type.choices)
    commitment = models.CharField(
        _("commitment"), max_length=20, choices=Commitment.choices, default=Commitment.ESTABLISHED
    )
    role_description = models.TextField(_("role in the project"), blank=True)
    commitment_letter = models.FileField(_("commitment letter"), upload_to="letters/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Goal(models.Model):
    """A measurable goal: what is measured, the target and by when. Grantees track it as a target."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    metric = models.CharField(_("how it is measured"), max_length=200)
    metric_code = models.CharField(_("portal metric"), max_length=60, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurable goal")
        verbose_name_plural = _("measurable goals")
        ordering = ["id"]

    def __str__(self):
        return self.description


class UploadedFile(models.Model):
    """What every uploaded file keeps: the file (checked by content, grants/uploads.py), the name and type it
    came with, who sent it, and when it was removed (only by marking it; the file stays)."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class Attachment(UploadedFile):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    history = HistoricalRecords()

    class Meta(UploadedFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class EligibilityOverride(models.Model):
    """A staff decision that an application is (or is not) eligible, whatever the computed result says.

    Only the newest active override of an application counts; replacing one deactivates the old
    one, which stays in the history with who, when and why.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="eligibility_overrides"
    )
    is_eligible = models.BooleanField(_("eligible"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.application}: {'eligible' if self.is_eligible else 'not eligible'}"
