"""Review of eligible applications: assignments, conflict-of-interest declarations, scores, submission."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..models import Application, FundingRound, ReviewAssignment, RubricCriterion, Score
from ..permissions import check_permission
from ..selectors.eligibility import round_outcomes
from .errors import ServiceError

Status = ReviewAssignment.Status


def _refusal(application, outcomes):
    """Why ``application`` cannot be reviewed, or None: it must be submitted and eligible (an override counts)."""
    if application.status != Application.Status.SUBMITTED:
        return _("%(reference)s is not a submitted application.") % {"reference": application.reference}
    outcome = outcomes.get(application.pk)
    if outcome is None or not outcome.is_eligible:
        return _("%(reference)s is not eligible, so it is not reviewed.") % {
            "reference": application.reference
        }
    return None


@transaction.atomic
def assign_reviewers(applications, reviewers, *, by, due_on=None):
    """Assign each reviewer to each application (bulk or one by one). Existing assignments are kept, so a
    reviewer who declared a conflict (recused) is never assigned to that application again.

    All or nothing: every application must be submitted and eligible in its round, and every person must be
    a reviewer; otherwise nothing is assigned and the error names every application refused. Returns the
    new assignments. ``due_on`` is the day the review is due (shown on the reviewer's queue; overdue after
    it). The assignments and their history rows are written in bulk, so assigning a whole round's
    applications takes a handful of queries.
    """
    check_permission("review.assign", by)
    applications = list(applications)
    reviewers = list(reviewers)
    if not applications or not reviewers:
        raise ServiceError(_("Choose at least one application and one reviewer."))
    for reviewer in reviewers:
        check_permission("review.be_assigned", reviewer)
    outcomes = {}
    for funding_round in FundingRound.objects.filter(pk__in={a.funding_round_id for a in applications}):
        outcomes.update(round_outcomes(funding_round))
    refusals = [reason for reason in (_refusal(a, outcomes) for a in applications) if reason]
    if refusals:
        raise ServiceError(
            _("Nothing was assigned. %(refusals)s") % {"refusals": " ".join(str(r) for r in refusals)}
            if len(applications) > 1
            else refusals[0]
        )
    existing = set(
        ReviewAssignment.objects.filter(
            application_id__in=[a.pk for a in applications], reviewer__in=reviewers
        ).values_list("application_id", "reviewer_id")
    )
    new = [
        ReviewAssignment(application=application, reviewer=reviewer, assigned_by=by, due_on=due_on)
        for application in applications
        for reviewer in reviewers
        if (application.pk, reviewer.pk) not in existing
    ]
    return bulk_create_with_history(
        new,
        ReviewAssignment,
        batch_size=500,
        default_user=by,
        default_change_reason=f"Assigned by {by.email}",
    )


def assign_reviewer(application, reviewer, *, by, due_on=None):
    """Assign one reviewer to one application."""
    created = assign_reviewers([application], [reviewer], by=by, due_on=due_on)
    if not created:
        raise ServiceError(
            _("%(person)s is already assigned to %(reference)s.")
            % {"person": reviewer, "reference": application.reference}
        )
    return created[0]


@transaction.atomic
def unassign_reviewer(assignment, *, by, reason=""):
    """Take an assignment back before any scoring; the history keeps who removed it, when and why."""
    check_permission("review.assign", by, assignment)
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status in (Status.IN_PROGRESS, Status.SUBMITTED) or assignment.scores.exists():
        raise ServiceError(_("This reviewer has started scoring; the assignment can no longer be removed."))
    assignment._change_reason = f"Unassigned by {by.email}" + (f": {reason}" if reason else "")
    assignment.delete()


@transaction.atomic
def declare_conflict(assignment, *, by, has_conflict, explanation=""):
    """The reviewer declares a conflict of interest, or its absence, before seeing the application.

    A conflicted reviewer is recused: they can no longer open or score the application.
    """
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    check_permission("review.declare", by, assignment)
    if assignment.has_conflict is not None:
        raise ServiceError(_("You already made your declaration for this application."))
    explanation = (explanation or "").strip()
    if has_conflict and not explanation:
        raise ServiceError(_("Explain the conflict of interest in a few words."))
    assignment.has_conflict = bool(has_conflict)
    assignment.conflict_explanation = explanation
    assignment.declared_at = timezone.now()
    if has_conflict:
        assignment.status = Status.RECUSED
        assignment._change_reason = "Declared a conflict of interest: recused"
    else:
        assignment._change_reason = "Declared no conflict of interest"
    assignment.save()
    return assignment


def _check_can_score(assignment, by):
    check_permission("review.score", by, assignment)
    if assignment.has_conflict is None:
        raise ServiceError(_("Declare whether you have a conflict of interest before scoring."))
    if assignment.status == Status.SUBMITTED:
        raise ServiceError(_("This review was submitted and is locked. Ask a program manager to reopen it."))
    if assignment.application.funding_round.is_finalized:
        raise ServiceError(_("The round's decisions are final; reviews can no longer change."))


def rubric_of(funding_round):
    return list(RubricCriterion.objects.filter(funding_round=funding_round).order_by("order", "pk"))


@transaction.atomic
def save_scores(assignment, *, by, scores, overall_comment=None):
    """Save some or all of a reviewer's scores (autosave and the Save button both come here).

    ``scores`` maps a criterion id to ``(score or None, comment)``. Scores must be between 0 and the
    criterion's maximum.
    """
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__funding_round")
        .get(pk=assignment.pk)
    )
    _check_can_score(assignment, by)
    criteria = {c.pk: c for c in rubric_of(assignment.application.funding_round)}
    errors = {}
    for criterion_id, (value, _comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ServiceError(_("That criterion is not part of this round's rubric."))
        if value is not None and not 0 <= int(value) <= criterion.max_score:
            errors[criterion.pk] = _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
    if errors:
        raise ServiceError(" ".join(str(e) for e in errors.values()))
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    for criterion_id, (value, comment) in scores.items():
        criterion_id = int(criterion_id)
        value = None if value is None else int(value)
        comment = (comment or "").strip()
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                assignment=assignment, criterion_id=criterion_id, score=value, comment=comment
            )
        elif score.score != value or score.comment != comment:
            score.score = value
            score.comment = comment
            score.save()
    changed = []
    if overall_comment is not None and overall_comment.strip() != assignment.overall_comment:
        assignment.overall_comment = overall_comment.strip()
        changed.append("overall_comment")
    if assignment.status == Status.ASSIGNED:
        assignment.status = Status.IN_PROGRESS
        changed.append("status")
    if changed:
        assignment._change_reason = "Scores saved"
        assignment.save()
    return assignment


@transaction.atomic
def submit_review(assignment, *, by):
    """Submit a review: every criterion must be scored. The review is then locked."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__funding_round")
        .get(pk=assignment.pk)
    )
    _check_can_score(assignment, by)
    criteria = rubric_of(assignment.application.funding_round)
    scored = set(assignment.scores.filter(score__isnull=False).values_list("criterion_id", flat=True))
    missing = [c.label for c in criteria if c.pk not in scored]
    if missing:
        raise ServiceError(
            _("Score every criterion before submitting. Missing: %(criteria)s.")
            % {"criteria": "; ".join(missing)}
        )
    assignment.status = Status.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment._change_reason = "Review submitted"
    assignment.save()
    return assignment


@transaction.atomic
def reopen_review(assignment, *, by, reason):
    """Staff reopen a submitted review so the reviewer can change it; the reason is recorded."""
    check_permission("review.reopen", by, assignment)
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__funding_round")
        .get(pk=assignment.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give a reason for reopening the review."))
    if assignment.status != Status.SUBMITTED:
        raise ServiceError(_("Only a submitted review can be reopened."))
    if assignment.application.funding_round.is_finalized:
        raise ServiceError(_("The round's decisions are final; reviews can no longer change."))
    assignment.status = Status.IN_PROGRESS
    assignment.submitted_at = None
    assignment._change_reason = f"Reopened by {by.email}: {reason}"
    assignment.save()
    return assignment
