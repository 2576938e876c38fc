"""The program and its funding rounds. A later round is data, not code."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .counties import County, ServiceArea


class Program(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    statute = models.CharField(_("statute"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self):
        return self.name


class FundingRound(models.Model):
    """A call for applications with its own dates, counties, award cap, budget and eligibility rules.

    ``rules`` configures the eligibility engine (grants.eligibility) for this round with the criterion codes
    of its program's definition (grants.programs), e.g. ``{"required": ["organization_type", ...],
    "any_of": [["law_enforcement_partner", "dei_partner"]]}``: the 2021 pilot requires every criterion, the
    2023 amendment made some of them alternatives. ``clean()`` refuses rules the definition does not know.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="rounds")
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    period_start = models.DateField(_("funding period starts"), null=True, blank=True)
    period_end = models.DateField(_("funding period ends"), null=True, blank=True)
    is_statewide = models.BooleanField(_("any Washington county"), default=False)
    eligible_counties = models.ManyToManyField(
        County, related_name="rounds", blank=True, verbose_name=_("eligible counties")
    )
    service_areas = models.ManyToManyField(
        ServiceArea, related_name="rounds", blank=True, verbose_name=_("listed service areas")
    )
    award_cap = models.PositiveIntegerField(_("maximum number of awards"), null=True, blank=True)
    min_awards = models.PositiveIntegerField(_("minimum number of awards"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, default=Decimal("0"))
    rules = models.JSONField(_("eligibility rules"), default=dict, blank=True)
    report_due_days = models.PositiveIntegerField(
        _("days after a quarter ends that its report is due"), default=30
    )
    reminder_days_before = models.PositiveIntegerField(
        _("days before a due date to send a reminder"), default=7
    )
    # Disbursements: how far a budget line may be overspent without an amendment (taken from the other
    # lines, never beyond the award), and how long after the award ends its final invoice may still be paid.
    invoice_line_tolerance_percent = models.DecimalField(
        _("budget line tolerance (%)"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    final_invoice_grace_days = models.PositiveIntegerField(
        _("days after an award ends that its final invoice may be paid"), default=90
    )
    decisions_finalized_at = models.DateTimeField(null=True, blank=True)
    decisions_finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Changes whenever something that can move an eligibility outcome of the round changes: the key of the
    # round's cached outcomes (grants.selectors.eligibility). Written in the same transaction as the change,
    # so a reader never caches outcomes under a version that their data does not match.
    outcomes_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Replaced by every change to the round's submitted reviews, their scores or its rubric: the version of the
    # round's cached ranking (grants.selectors.reviews.ranking_index), in the same way.
    reviews_version = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(
        m2m_fields=[eligible_counties], excluded_fields=["outcomes_version", "reviews_version"]
    )

    class Meta:
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        ordering = ["-opens_on", "slug"]

    def __str__(self):
        return self.name

    @property
    def is_finalized(self):
        return self.decisions_finalized_at is not None

    def is_open_for_applications(self, today=None):
        """The one round-open rule: applications can be started and submitted from the opening day to the
        closing day, and never once the round's decisions are final."""
        today = today or timezone.localdate()
        if self.is_finalized:
            return False
        if self.opens_on and today < self.opens_on:
            return False
        return not (self.closes_on and today > self.closes_on)

    def clean(self):
        """A round's eligibility rules must fit its program's definition (grants.programs)."""
        super().clean()
        from ..programs import definition_for

        if self.program_id is None:
            return
        problems = definition_for(self).rules_problems(self.rules)
        if problems:
            raise ValidationError({"rules": problems})
