"""Reads for review: eligible applications, assignments, reviewer load and the ranking of a round."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User

from ..models import Application, AwardDecision, FundingRound, ReviewAssignment, RubricCriterion, Score
from ..permissions import REVIEWER_ROLES
from .eligibility import derived_from_outcomes, narrowed_by_outcome, outcomes_of_rounds, round_outcomes

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
    return User.objects.filter(role__in=REVIEWER_ROLES, is_active=True).order_by("full_name", "email")


def eligible_applications(funding_round, outcomes=None):
    """The round's submitted, eligible applications (overrides included), with their assignments."""
    outcomes = round_outcomes(funding_round) if outcomes is None else outcomes
    eligible = narrowed_by_outcome(
        Application.objects.filter(funding_round=funding_round), outcomes, attrgetter("is_eligible")
    )
    return (
        eligible.filter(status=Application.Status.SUBMITTED)
        .select_related("organization")
        .prefetch_related(
            "counties",
            Prefetch("review_assignments", queryset=ReviewAssignment.objects.select_related("reviewer")),
        )
        .order_by("reference")
    )


def assignment_candidates(funding_round, outcomes=None):
    """The applications reviewers can be assigned to (the round's submitted, eligible ones), each annotated
    with ``reviewer_count``: its reviewers who have not recused themselves. By reference; the page filters
    and pages this queryset, and prefetches its rows' counties and assignments for the page only."""
    # A correlated count, not a GROUP BY over the round: a page of 25 counts 25 applications' reviewers.
    reviewers = (
        ReviewAssignment.objects.filter(application=OuterRef("pk"))
        .exclude(status=Status.RECUSED)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return eligible_applications(funding_round, outcomes).annotate(
        reviewer_count=Coalesce(Subquery(reviewers), Value(0))
    )


def rounds_for_review():
    """Every round, newest first, with its reviewer assignments and awards decided counted (one query)."""
    return FundingRound.objects.annotate(
        assignment_count=Count("applications__review_assignments", distinct=True),
        awards_decided=Count(
            "applications__decision",
            filter=Q(applications__decision__outcome=AwardDecision.Outcome.AWARD),
            distinct=True,
        ),
    ).order_by("-opens_on", "slug")


def review_summaries(rounds):
    """(round, eligible applications) for a page of ``rounds_for_review()``: the eligibility of every round
    comes from the outcomes cache after one query for their versions."""
    outcomes = outcomes_of_rounds(rounds)
    return [
        (funding_round, sum(1 for o in outcomes.get(funding_round.pk, {}).values() if o.is_eligible))
        for funding_round in rounds
    ]


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


@dataclass
class RankingKey:
    """What sorting, filtering and ranking a round need of one application, read without model instances."""

    pk: int
    reference: str
    organization: str
    requested: Decimal | None
    county_names: str
    is_eligible: bool
    review_count: int = 0
    average: Decimal | None = None
    spread: Decimal | None = None
    rank: int | None = None


def _weighted_totals(funding_round, application_ids, criteria, reviews=None):
    """Weighted total of every submitted review of these applications, by application (two queries).

    Each review's scores are read into a row in rubric order; each criterion's points for a score are
    computed once (scores take few values) with the same formula, in the same order, as weighted_total, so
    the results are identical. ``reviews``, a dict, also receives each application's reviews as (assignment
    id, total, {criterion id: score}), for the CSV."""
    total_weight = sum((c.weight for c in criteria), Decimal("0"))
    position = {c.pk: i for i, c in enumerate(criteria)}
    width = len(criteria)
    # Reviews submitted with no score at all still count as reviews (with no total).
    owner = dict(
        ReviewAssignment.objects.filter(
            application__funding_round_id=funding_round.pk, status=Status.SUBMITTED
        ).values_list("pk", "application_id")
    )
    score_rows = {assignment_id: [None] * width for assignment_id in owner}
    for assignment_id, criterion_id, value in Score.objects.filter(
        assignment__application__funding_round_id=funding_round.pk, assignment__status=Status.SUBMITTED
    ).values_list("assignment_id", "criterion_id", "score"):
        at = position.get(criterion_id)
        if at is not None:
            score_rows[assignment_id][at] = value
    points = [{} for _ in criteria]
    totals = defaultdict(list)
    for assignment_id, values in score_rows.items():
        application_id = owner[assignment_id]
        if application_id not in application_ids:
            continue
        total = None
        if criteria and total_weight and None not in values:
            total = Decimal("0")
            for criterion, known, value in zip(criteria, points, values, strict=True):
                point = known.get(value)
                if point is None:
                    point = known[value] = Decimal(value) / Decimal(criterion.max_score) * criterion.weight
                total += point
            total = (total / total_weight * HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        totals[application_id].append(total)
        if reviews is not None:
            scores = {c.pk: v for c, v in zip(criteria, values, strict=True) if v is not None}
            reviews.setdefault(application_id, []).append((assignment_id, total, scores))
    return totals


def ranking_index(funding_round, outcomes=None):
    """Every submitted application of the round with its average, spread and rank, in a constant number of
    queries and without model instances: what the ranking page sorts and pages, and decisions rank by.

    Worked out once per outcomes version and reviews version (``FundingRound.reviews_version``, replaced by
    every change to a submitted review, a score of one or the rubric: grants.signals) in this process; the
    keys are shared, callers must not change them."""
    outcomes = round_outcomes(funding_round) if outcomes is None else outcomes
    reviews_version = (
        FundingRound.objects.filter(pk=funding_round.pk).values_list("reviews_version", flat=True).get()
    )
    return derived_from_outcomes(
        outcomes, f"ranking-index:{reviews_version}", lambda whole: _ranking_index(funding_round, whole)
    )


def _ranking_index(funding_round, outcomes):
    criteria = rubric_of(funding_round)
    counties = defaultdict(list)
    for application_id, name in (
        Application.counties.through.objects.filter(
            application__funding_round=funding_round, application__status=Application.Status.SUBMITTED
        )
        .order_by("county__name")
        .values_list("application_id", "county__name")
    ):
        counties[application_id].append(name)
    keys = [
        RankingKey(
            pk=pk,
            reference=reference,
            organization=organization,
            requested=requested,
            county_names=", ".join(counties.get(pk, ())),
            is_eligible=bool(outcomes.get(pk) and outcomes[pk].is_eligible),
        )
        for pk, reference, organization, requested in Application.objects.filter(
            funding_round=funding_round, status=Application.Status.SUBMITTED
        ).values_list("pk", "reference", "organization__legal_name", "requested_amount")
    ]
    totals = _weighted_totals(funding_round, {k.pk for k in keys}, criteria)
    for key in keys:
        reviews = totals.get(key.pk, [])
        key.review_count = len(reviews)
        scored = [t for t in reviews if t is not None]
        if scored:
            key.average = (sum(scored, Decimal("0")) / len(scored)).quantize(
                TWO_PLACES, rounding=ROUND_HALF_UP
            )
            key.spread = max(scored) - min(scored) if len(scored) > 1 else None
    ranked = sorted(
        (k for k in keys if k.is_eligible and k.average is not None), key=lambda k: (-k.average, k.reference)
    )
    for position, key in enumerate(ranked, start=1):
        key.rank = position
    return keys


INDEX_SORT_KEYS = {
    "score": lambda k: (k.average is None, k.average or 0),
    "reviews": lambda k: k.review_count,
    "spread": lambda k: (k.spread is None, k.spread or 0),
    "reference": lambda k: k.reference,
    "organization": lambda k: k.organization.casefold(),
    "county": lambda k: k.county_names,
    "requested": lambda k: k.requested or 0,
}


def sort_index(keys, sort=DEFAULT_SORT):
    """Sort ranking keys like ranking() sorts its rows; unscored applications stay at the bottom."""
    descending = sort.startswith("-")
    key = INDEX_SORT_KEYS.get(sort.lstrip("-"))
    if key is None:
        descending, key = True, INDEX_SORT_KEYS["score"]
    keys = sorted(keys, key=lambda k: k.reference)
    if sort.lstrip("-") in ("score", "spread") and descending:
        keys.sort(key=lambda k: (key(k)[0], -(key(k)[1])))
    else:
        keys.sort(key=key, reverse=descending)
    return keys


def ranking_page_rows(funding_round, keys, outcomes):
    """The full ranking rows (reviews, decision, model instances) of a page of keys, in the keys' order."""
    rows, criteria = ranking(
        funding_round, Application.objects.filter(pk__in=[k.pk for k in keys]), outcomes=outcomes
    )
    by_pk = {row.application.pk: row for row in rows}
    ordered = []
    for key in keys:
        row = by_pk[key.pk]
        row.rank = key.rank
        ordered.append(row)
    return ordered, criteria


def rank_positions(funding_round, outcomes=None):
    """Application id → rank in the round (see ranking_index)."""
    return {k.pk: k.rank for k in ranking_index(funding_round, outcomes) if k.rank is not None}


def ranking_csv_rows(funding_round, keys, outcomes):
    """The ranking CSV (header first) for these keys (sorted and filtered ranking_index keys), one line per
    submitted review, from plain rows: the same columns as the full ranking, without model instances."""
    criteria = rubric_of(funding_round)
    yield [
        "rank",
        "reference",
        "organization",
        "counties",
        "requested_amount",
        "eligible",
        "eligibility_overridden",
        "reviews",
        "weighted_average",
        "spread",
        "decision",
        "decision_amount",
        "rationale",
        "reviewer",
        "reviewer_total",
        *[f"{c.code} (max {c.max_score}, weight {c.weight})" for c in criteria],
    ]
    reviews = {}
    _weighted_totals(funding_round, {k.pk for k in keys}, criteria, reviews)
    emails = dict(
        ReviewAssignment.objects.filter(
            application__funding_round_id=funding_round.pk, status=Status.SUBMITTED
        ).values_list("pk", "reviewer__email")
    )
    decisions = {
        application_id: (outcome, amount, rationale)
        for application_id, outcome, amount, rationale in AwardDecision.objects.filter(
            application__funding_round_id=funding_round.pk
        ).values_list("application_id", "outcome", "amount", "rationale")
    }
    for key in keys:
        outcome = outcomes.get(key.pk)
        decision, amount, rationale = decisions.get(key.pk, ("", None, ""))
        base = [
            key.rank or "",
            key.reference,
            key.organization,
            key.county_names,
            "" if key.requested is None else key.requested,
            "yes" if key.is_eligible else "no",
            "yes" if outcome and outcome.is_overridden else "no",
            key.review_count,
            "" if key.average is None else key.average,
            "" if key.spread is None else key.spread,
            decision,
            "" if amount is None else amount,
            rationale,
        ]
        own = sorted(reviews.get(key.pk, []), key=lambda review: emails.get(review[0], ""))
        if not own:
            yield [*base, "", "", *["" for _c in criteria]]
        for assignment_id, total, scores in own:
            yield [
                *base,
                emails.get(assignment_id, ""),
                "" if total is None else total,
                *[scores.get(c.pk, "") for c in criteria],
            ]
