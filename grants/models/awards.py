"""Funding decisions and the awards (grant contracts) they become."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import Application
from .counties import County
from .organizations import Organization
from .rounds import FundingRound


class AwardDecision(models.Model):
    """Staff's decision on an application, changeable until the round's decisions are finalized."""

    class Outcome(models.TextChoices):
        AWARD = "award", _("Award")
        DECLINE = "decline", _("Decline")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(_("award amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Why this decision departs from the ranking order (required then; the preliminary report's selection
    # section reads it).
    rationale = models.TextField(_("rationale for departing from the rank order"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")

    def __str__(self):
        return f"{self.application}: {self.outcome}"


class Award(models.Model):
    """A grant contract, created when a round's decisions are finalized."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        TERMINATED = "terminated", _("Terminated")

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="awards")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="awards")
    contract_number = models.CharField(_("contract number"), max_length=30, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    period_start = models.DateField(_("period of performance starts"))
    period_end = models.DateField(_("period of performance ends"))
    counties = models.ManyToManyField(County, related_name="awards", verbose_name=_("counties served"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[counties])

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["contract_number"]

    def __str__(self):
        return f"{self.contract_number} – {self.organization}"


class AwardAmendment(models.Model):
    """A change to an award's amount or period, with its reason; the award's history keeps both versions."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="amendments")
    previous_amount = models.DecimalField(max_digits=12, decimal_places=2)
    new_amount = models.DecimalField(max_digits=12, decimal_places=2)
    previous_period_start = models.DateField()
    previous_period_end = models.DateField()
    new_period_start = models.DateField()
    new_period_end = models.DateField()
    reason = models.TextField(_("reason"))
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award amendment")
        verbose_name_plural = _("award amendments")
        ordering = ["amended_at"]

    def __str__(self):
        return f"{self.award} amended {self.amended_at:%Y-%m-%d}"
