"""Reads for review: eligible applications, assignments, reviewer load and the ranking of a round."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.permissions import REVIEW_ROLES

from ..models import Application, AwardDecision, ReviewAssignment, RubricCriterion, Score
from .eligibility import round_outcomes

# Reviewers whose weighted totals differ by more than this many points (out of 100) are flagged.
SPREAD_FLAG_THRESHOLD = Decimal("15")
HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")

Status = ReviewAssignment.Status


def rubric_of(funding_round):
    return list(RubricCriterion.objects.filter(funding_round=funding_round).order_by("order", "pk"))


def weighted_total(scores, criteria):
    """A review's weighted total out of 100: sum(score / max * weight) / sum(weight) * 100.

    ``scores`` maps a criterion id to its score; None when a criterion has no score.
    """
    total_weight = sum((c.weight for c in criteria), Decimal("0"))
    if not criteria or total_weight == 0:
        return None
    points = Decimal("0")
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            return None
        points += Decimal(value) / Decimal(criterion.max_score) * criterion.weight
    return (points / total_weight * HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def reviewers():
    """Active people who can review, by name."""
    return User.objects.filter(role__in=REVIEW_ROLES, is_active=True).order_by("full_name", "email")


def eligible_applications(funding_round, outcomes=None):
    """The round's submitted, eligible applications (overrides included), with their assignments."""
    outcomes = round_outcomes(funding_round) if outcomes is None else outcomes
    eligible_ids = [pk for pk, outcome in outcomes.items() if outcome.is_eligible]
    return (
        Application.objects.filter(pk__in=eligible_ids, status=Application.Status.SUBMITTED)
        .select_related("organization")
        .prefetch_related(
            "counties",
            Prefetch("review_assignments", queryset=ReviewAssignment.objects.select_related("reviewer")),
        )
        .order_by("reference")
    )


def reviewer_load(funding_round=None):
    """Each reviewer with the number of assignments per status (in one round, or overall)."""
    scope = Q(review_assignments__application__funding_round=funding_round) if funding_round else Q()

    def count(status=None):
        condition = scope & Q(review_assignments__status=status) if status else scope
        return Count("review_assignments", filter=condition)

    return reviewers().annotate(
        total=count(),
        assigned=count(Status.ASSIGNED),
        in_progress=count(Status.IN_PROGRESS),
        submitted=count(Status.SUBMITTED),
        recused=count(Status.RECUSED),
    )


def assignments_of(reviewer):
    """A reviewer's own assignments, newest round first."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .select_related("application__organization", "application__funding_round")
        .order_by("-application__funding_round__opens_on", "application__reference")
    )


def assignment_for_reviewer_or_404(reviewer, assignment_id):
    """The reviewer's own assignment; anyone else's is a 404."""
    return get_object_or_404(
        ReviewAssignment.objects.select_related(
            "application__organization", "application__funding_round"
        ).prefetch_related("application__counties", "application__partners", "application__goals"),
        pk=assignment_id,
        reviewer=reviewer,
    )


def round_assignments(funding_round, state=None, today=None):
    """The round's assignments; ``state`` "open" (not submitted) or "overdue" (open and past due, oldest due
    first)."""
    assignments = ReviewAssignment.objects.filter(application__funding_round=funding_round).select_related(
        "application__organization", "reviewer"
    )
    if state in ("open", "overdue"):
        assignments = assignments.filter(status__in=[Status.ASSIGNED, Status.IN_PROGRESS])
        if state == "overdue":
            assignments = assignments.filter(due_on__lt=today or timezone.localdate())
        return assignments.order_by(
            F("due_on").asc(nulls_last=True), "application__reference", "reviewer__email"
        )
    return assignments.order_by("application__reference", "reviewer__email")


@dataclass
class ReviewResult:
    assignment: ReviewAssignment
    scores: dict
    total: Decimal | None


@dataclass
class RankingRow:
    application: Application
    outcome: object
    reviews: list = field(default_factory=list)
    average: Decimal | None = None
    spread: Decimal | None = None
    decision: AwardDecision | None = None
    rank: int | None = None

    @property
    def review_count(self):
        return len(self.reviews)

    @property
    def is_flagged(self):
        return self.spread is not None and self.spread > SPREAD_FLAG_THRESHOLD

    @property
    def is_eligible(self):
        return bool(self.outcome and self.outcome.is_eligible)

    @property
    def county_names(self):
        return ", ".join(c.name for c in self.application.counties.all())


SORT_KEYS = {
    "score": lambda r: (r.average is None, r.average or 0),
    "reviews": lambda r: r.review_count,
    "spread": lambda r: (r.spread is None, r.spread or 0),
    "reference": lambda r: r.application.reference,
    "organization": lambda r: r.application.organization.legal_name.casefold(),
    "county": lambda r: r.county_names,
    "requested": lambda r: r.application.requested_amount or 0,
}
DEFAULT_SORT = "-score"


def ranking(funding_round, applications=None, sort=DEFAULT_SORT, outcomes=None):
    """Every submitted application of the round with its reviews, weighted average and spread.

    A constant number of queries whatever the round's size. ``applications`` may be a filtered queryset of
    the round's applications; ``sort`` is one of SORT_KEYS, with ``-`` for descending.
    """
    outcomes = round_outcomes(funding_round) if outcomes is None else outcomes
    criteria = rubric_of(funding_round)
    if applications is None:
        applications = Application.objects.filter(funding_round=funding_round)
    applications = list(
        applications.filter(status=Application.Status.SUBMITTED)
        .select_related("organization", "decision")
        .prefetch_related("counties")
        .order_by("reference")
    )
    ids = [a.pk for a in applications]
    submitted = list(
        ReviewAssignment.objects.filter(application_id__in=ids, status=Status.SUBMITTED)
        .select_related("reviewer")
        .order_by("reviewer__email")
    )
    scores = defaultdict(dict)
    for assignment_id, criterion_id, value in Score.objects.filter(assignment__in=submitted).values_list(
        "assignment_id", "criterion_id", "score"
    ):
        scores[assignment_id][criterion_id] = value
    reviews = defaultdict(list)
    for assignment in submitted:
        own = scores.get(assignment.pk, {})
        reviews[assignment.application_id].append(
            ReviewResult(assignment=assignment, scores=own, total=weighted_total(own, criteria))
        )
    rows = []
    for application in applications:
        row = RankingRow(
            application=application,
            outcome=outcomes.get(application.pk),
            reviews=reviews.get(application.pk, []),
            decision=getattr(application, "decision", None),
        )
        totals = [r.total for r in row.reviews if r.total is not None]
        if totals:
            row.average = (sum(totals, Decimal("0")) / len(totals)).quantize(
                TWO_PLACES, rounding=ROUND_HALF_UP
            )
            # A spread needs two reviews: one review disagrees with no one ("—", not "0.00").
            row.spread = max(totals) - min(totals) if len(totals) > 1 else None
        rows.append(row)
    assign_ranks(rows)
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"))
    if key is None:
        descending, key = True, SORT_KEYS["score"]
    if sort.lstrip("-") in ("score", "spread") and descending:
        # Unscored applications stay at the bottom either way.
        rows.sort(key=lambda r: (key(r)[0], -(key(r)[1])))
    else:
        rows.sort(key=key, reverse=descending)
    return rows, criteria


def assign_ranks(rows):
    """Rank 1, 2, … by weighted average (highest first, then reference) over eligible applications with a
    scored review; the others have no rank."""
    ranked = sorted(
        (r for r in rows if r.is_eligible and r.average is not None),
        key=lambda r: (-r.average, r.application.reference),
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return {row.application.pk: row.rank for row in ranked}


def rank_positions(funding_round, outcomes=None):
    """Application id → rank in the round (see assign_ranks)."""
    rows, _criteria = ranking(funding_round, outcomes=outcomes)
    return {row.application.pk: row.rank for row in rows if row.rank is not None}
