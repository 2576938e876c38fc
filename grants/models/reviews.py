"""Review of eligible applications: the round's rubric, reviewer assignments and their scores."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import Application
from .rounds import FundingRound


class RubricCriterion(models.Model):
    """One line of a round's scoring rubric, kept as data."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="rubric")
    code = models.SlugField(max_length=60)
    label = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look for"), blank=True)
    max_score = models.PositiveIntegerField(_("maximum score"))
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["funding_round", "order"]
        constraints = [models.UniqueConstraint(fields=["funding_round", "code"], name="one_code_per_rubric")]

    def __str__(self):
        return self.label


class ReviewAssignment(models.Model):
    """A reviewer's assignment to one application, with the conflict-of-interest declaration and the review."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        RECUSED = "recused", _("Recused (conflict of interest)")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="review_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("review due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    has_conflict = models.BooleanField(_("has a conflict of interest"), null=True, blank=True)
    conflict_explanation = models.TextField(_("explanation"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    """A reviewer's score on one rubric criterion, with a comment."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
