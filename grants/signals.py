"""Safety net for what is cached per round: any saved change that can move an eligibility outcome, or the
ranking, invalidates its round, also when it is made outside a service (the admin, a shell, a data fix).
Services invalidate outcomes explicitly too (grants.services.eligibility); the ranking's version is kept
here only: the ranking counts submitted reviews, and submitting, reopening, scoring and removing one each pass
through a model save or delete (new assignments are created in bulk, but they are not submitted and count for
nothing until they are). This module holds no business rule."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import (
    Application,
    EligibilityOverride,
    FundingRound,
    Organization,
    ReviewAssignment,
    RubricCriterion,
    Score,
)
from .services.eligibility import (
    invalidate_outcomes_of_organization,
    invalidate_round_outcomes,
    invalidate_round_reviews,
)


@receiver([post_save, post_delete], sender=Application)
def application_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_round_outcomes(instance.funding_round_id)


@receiver(m2m_changed, sender=Application.counties.through)
def application_counties_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        invalidate_round_outcomes(instance.funding_round_id)
    else:  # county.applications.add(...): the applications are in pk_set (None on clear)
        applications = (
            Application.objects.all() if pk_set is None else Application.objects.filter(pk__in=pk_set)
        )
        invalidate_round_outcomes(*set(applications.values_list("funding_round_id", flat=True)))


@receiver([post_save, post_delete], sender=EligibilityOverride)
def override_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_round_outcomes(
            Application.objects.filter(pk=instance.application_id)
            .values_list("funding_round_id", flat=True)
            .first()
        )


@receiver(post_save, sender=FundingRound)
def round_changed(sender, instance, raw=False, **kwargs):
    # Its rules, or a save that wrote back an outcomes version read earlier: a new version either way.
    if not raw:
        invalidate_round_outcomes(instance)


@receiver(m2m_changed, sender=FundingRound.eligible_counties.through)
def round_counties_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        invalidate_round_outcomes(instance)
    else:
        invalidate_round_outcomes(*(pk_set or FundingRound.objects.values_list("pk", flat=True)))


@receiver(post_save, sender=Organization)
def organization_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        invalidate_outcomes_of_organization(instance)


@receiver([post_save, post_delete], sender=ReviewAssignment)
def assignment_changed(sender, instance, raw=False, **kwargs):
    # Submitting, reopening, removing: whether a review counts, and so every average and rank.
    if not raw:
        invalidate_round_reviews(
            Application.objects.filter(pk=instance.application_id)
            .values_list("funding_round_id", flat=True)
            .first()
        )


@receiver([post_save, post_delete], sender=Score)
def score_changed(sender, instance, raw=False, **kwargs):
    # A draft review's scores (autosaved as the reviewer types) count for nothing until it is submitted.
    if not raw:
        invalidate_round_reviews(
            ReviewAssignment.objects.filter(
                pk=instance.assignment_id, status=ReviewAssignment.Status.SUBMITTED
            )
            .values_list("application__funding_round_id", flat=True)
            .first()
        )


@receiver([post_save, post_delete], sender=RubricCriterion)
def rubric_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate_round_reviews(instance.funding_round_id)
