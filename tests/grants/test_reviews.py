"""Review rules: assignments only to eligible applications, conflicts, scoring, submission and reopening."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grants.models import ReviewAssignment, RubricCriterion
from grants.programs.clep.rubric import CLEP_RUBRIC
from grants.selectors import reviews as selectors
from grants.services import ServiceError
from grants.services import reviews as services
from tests.factories import (
    ApplicationFactory,
    DraftApplicationFactory,
    EligibilityOverrideFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    UserFactory,
    funding_round,
)

pytestmark = pytest.mark.django_db


def rubric(slug="clep-2021"):
    return list(RubricCriterion.objects.filter(funding_round__slug=slug).order_by("order"))


def full_scores(value=None):
    return {c.pk: (c.max_score if value is None else value, "ok") for c in rubric()}


def test_migration_seeds_the_clep_rubric_in_both_rounds():
    for slug in ("clep-2021", "clep-2023"):
        codes = [c.code for c in rubric(slug)]
        assert codes == [spec["code"] for spec in CLEP_RUBRIC]
        assert all(c.max_score > 0 and c.weight > 0 for c in rubric(slug))


def test_assign_only_eligible_submitted_applications(program_manager, reviewer):
    eligible = ApplicationFactory()
    for_profit = ApplicationFactory(organization__org_type="for_profit")
    draft = DraftApplicationFactory()
    assert services.assign_reviewer(eligible, reviewer, by=program_manager).status == "assigned"
    for application in (for_profit, draft):
        with pytest.raises(ServiceError):
            services.assign_reviewer(application, reviewer, by=program_manager)


def test_an_overridden_application_can_be_assigned(program_manager, reviewer):
    application = ApplicationFactory(organization__org_type="for_profit")
    EligibilityOverrideFactory(application=application, is_eligible=True)
    assert services.assign_reviewer(application, reviewer, by=program_manager)


def test_bulk_assignment_skips_existing_and_refuses_applicants(program_manager, reviewer):
    applications = ApplicationFactory.create_batch(3)
    services.assign_reviewer(applications[0], reviewer, by=program_manager)
    other = ReviewerFactory()
    created = services.assign_reviewers(applications, [reviewer, other], by=program_manager)
    assert len(created) == 5
    with pytest.raises(ServiceError):
        services.assign_reviewers(applications, [UserFactory()], by=program_manager)
    with pytest.raises(ServiceError):
        services.assign_reviewers(applications, [reviewer], by=reviewer)


def test_unassign_before_scoring_is_recorded_and_refused_after(program_manager, reviewer):
    assignment = services.assign_reviewer(ApplicationFactory(), reviewer, by=program_manager)
    services.unassign_reviewer(assignment, by=program_manager, reason="Too many reviews")
    assert not ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    deleted = ReviewAssignment.history.filter(id=assignment.pk, history_type="-").get()
    assert "Too many reviews" in deleted.history_change_reason

    assignment = services.assign_reviewer(ApplicationFactory(), reviewer, by=program_manager)
    services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    services.save_scores(assignment, by=reviewer, scores={rubric()[0].pk: (3, "")})
    with pytest.raises(ServiceError):
        services.unassign_reviewer(assignment, by=program_manager)


def test_conflict_recuses_the_reviewer_and_is_recorded(reviewer):
    assignment = ReviewAssignmentFactory(reviewer=reviewer)
    with pytest.raises(ServiceError):
        services.declare_conflict(assignment, by=reviewer, has_conflict=True, explanation="")
    services.declare_conflict(assignment, by=reviewer, has_conflict=True, explanation="My sister runs it")
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.RECUSED
    assert assignment.declared_at is not None
    with pytest.raises(ServiceError):
        services.save_scores(assignment, by=reviewer, scores=full_scores())
    with pytest.raises(ServiceError):
        services.declare_conflict(assignment, by=reviewer, has_conflict=False)


def test_scoring_needs_a_declaration_and_the_assigned_reviewer(reviewer):
    assignment = ReviewAssignmentFactory(reviewer=reviewer)
    with pytest.raises(ServiceError):
        services.save_scores(assignment, by=reviewer, scores=full_scores())
    services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    with pytest.raises(ServiceError):
        services.save_scores(assignment, by=ReviewerFactory(), scores=full_scores())
    with pytest.raises(ServiceError):
        services.declare_conflict(assignment, by=ReviewerFactory(), has_conflict=False)


def test_scores_outside_the_range_are_refused(reviewer):
    assignment = ReviewAssignmentFactory(reviewer=reviewer)
    services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    criterion = rubric()[0]
    with pytest.raises(ServiceError):
        services.save_scores(assignment, by=reviewer, scores={criterion.pk: (criterion.max_score + 1, "")})
    services.save_scores(assignment, by=reviewer, scores={criterion.pk: (0, "weak")})
    assert assignment.scores.get().score == 0


def test_submit_requires_every_criterion_then_locks_until_reopened(program_manager, reviewer):
    assignment = ReviewAssignmentFactory(reviewer=reviewer)
    services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    services.save_scores(assignment, by=reviewer, scores={rubric()[0].pk: (5, "")})
    with pytest.raises(ServiceError, match="Score every criterion"):
        services.submit_review(assignment, by=reviewer)
    services.save_scores(assignment, by=reviewer, scores=full_scores())
    services.submit_review(assignment, by=reviewer)
    with pytest.raises(ServiceError, match="locked"):
        services.save_scores(assignment, by=reviewer, scores=full_scores(1))
    with pytest.raises(ServiceError):
        services.reopen_review(assignment, by=program_manager, reason="")
    services.reopen_review(assignment, by=program_manager, reason="Scores entered in the wrong rows")
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.IN_PROGRESS
    assert "wrong rows" in assignment.history.first().history_change_reason
    services.save_scores(assignment, by=reviewer, scores=full_scores(1))


def test_weighted_total_is_the_weighted_share_of_the_maximum():
    criteria = rubric()
    assert selectors.weighted_total({c.pk: c.max_score for c in criteria}, criteria) == Decimal("100.00")
    assert selectors.weighted_total({c.pk: 0 for c in criteria}, criteria) == Decimal("0.00")
    assert selectors.weighted_total({}, criteria) is None


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=6, max_size=6))
def test_weighted_total_stays_between_0_and_100(fractions):
    class Criterion:
        def __init__(self, pk, max_score, weight):
            self.pk, self.max_score, self.weight = pk, max_score, weight

    criteria = [Criterion(i, spec["max_score"], spec["weight"]) for i, spec in enumerate(CLEP_RUBRIC)]
    scores = {c.pk: c.max_score * f // 100 for c, f in zip(criteria, fractions, strict=True)}
    total = selectors.weighted_total(scores, criteria)
    assert Decimal("0") <= total <= Decimal("100")


def _submitted_review(application, reviewer, value_of):
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    services.save_scores(assignment, by=reviewer, scores={c.pk: (value_of(c), "") for c in rubric()})
    services.submit_review(assignment, by=reviewer)
    return assignment


def test_ranking_averages_reviews_flags_disagreement_and_sorts():
    high, low = ApplicationFactory(reference="A-1"), ApplicationFactory(reference="A-2")
    r1, r2 = ReviewerFactory(), ReviewerFactory()
    _submitted_review(high, r1, lambda c: c.max_score)
    _submitted_review(high, r2, lambda c: c.max_score)
    _submitted_review(low, r1, lambda c: c.max_score)
    _submitted_review(low, r2, lambda c: 0)
    rows, _criteria = selectors.ranking(funding_round())
    assert [r.application.reference for r in rows] == ["A-1", "A-2"]
    assert rows[0].average == Decimal("100.00") and not rows[0].is_flagged
    assert rows[1].average == Decimal("50.00") and rows[1].spread == Decimal("100.00") and rows[1].is_flagged
    rows, _ = selectors.ranking(funding_round(), sort="score")
    assert rows[0].application.reference == "A-2"


def test_ranking_runs_in_a_constant_number_of_queries(django_assert_max_num_queries):
    reviewers = ReviewerFactory.create_batch(2)
    for _ in range(12):
        application = ApplicationFactory()
        for reviewer in reviewers:
            _submitted_review(application, reviewer, lambda c: c.max_score // 2)
    with django_assert_max_num_queries(12):
        rows, _ = selectors.ranking(funding_round())
        assert len(rows) == 12
        assert all(r.county_names and r.review_count == 2 for r in rows)
