"""The round's ranking index is worked out once per outcomes version and reviews version, and every change
that can move an average or a rank is seen at once: a review submitted or reopened, a score of a submitted
review changed outside the services, a rubric weight changed, an application withdrawn."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import RubricCriterion, Score
from grants.selectors.reviews import ranking, ranking_index
from grants.services import reviews as review_services
from grants.services.applications import withdraw_application
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    scored_review,
)

pytestmark = pytest.mark.django_db


def _review(application, reviewer, fraction, submit=True):
    return scored_review(application, reviewer, fraction, submit=submit)


def _ranks(funding_round):
    return {k.reference: (k.rank, k.average, k.review_count) for k in ranking_index(funding_round)}


@pytest.fixture
def two_ranked():
    reviewer = ReviewerFactory()
    membership = MembershipFactory()
    first = ApplicationFactory(reference="R-1", organization=membership.organization)
    second = ApplicationFactory(reference="R-2")
    _review(first, reviewer, 1)
    _review(second, reviewer, 0.5)
    first.member = membership.user
    return first, second, reviewer


def test_the_index_is_read_back_with_two_queries(two_ranked):
    funding_round = two_ranked[0].funding_round
    ranking_index(funding_round)
    with CaptureQueriesContext(connection) as queries:
        keys = ranking_index(funding_round)
    assert len(queries) == 2  # the outcomes version and the reviews version
    assert [k.rank for k in sorted(keys, key=lambda k: k.reference)] == [1, 2]


def test_a_submitted_and_a_reopened_review_are_seen(two_ranked, program_manager):
    first, second, _reviewer = two_ranked
    assert _ranks(first.funding_round)["R-2"][2] == 1
    late = _review(second, ReviewerFactory(), 1)
    assert _ranks(first.funding_round)["R-2"][2] == 2
    review_services.reopen_review(late, by=program_manager, reason="Scored the wrong application")
    assert _ranks(first.funding_round)["R-2"][2] == 1


def test_a_draft_review_counts_for_nothing(two_ranked):
    first, second, _reviewer = two_ranked
    before = _ranks(first.funding_round)
    _review(second, ReviewerFactory(), 1, submit=False)
    assert _ranks(first.funding_round) == before


def test_a_score_changed_outside_the_services_is_seen(two_ranked):
    first, _second, _reviewer = two_ranked
    assert _ranks(first.funding_round)["R-1"][0] == 1
    for score in Score.objects.filter(assignment__application=first):
        score.score = 0
        score.save()  # the admin or a data fix: no service call
    assert _ranks(first.funding_round)["R-1"][0] == 2


def test_a_rubric_weight_change_is_seen_and_agrees_with_the_full_ranking(two_ranked):
    first, _second, reviewer = two_ranked
    funding_round = first.funding_round
    criteria = list(RubricCriterion.objects.filter(funding_round=funding_round).order_by("order", "pk"))
    # Full marks on the first criterion only: its weight moves this review's total.
    lopsided = ApplicationFactory(reference="R-3")
    assignment = ReviewAssignmentFactory(application=lopsided, reviewer=reviewer)
    review_services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    review_services.save_scores(
        assignment,
        by=reviewer,
        scores={c.pk: (c.max_score if c == criteria[0] else 0, "") for c in criteria},
    )
    review_services.submit_review(assignment, by=reviewer)
    before = _ranks(funding_round)["R-3"][1]
    criteria[0].weight = criteria[0].weight * Decimal("5")
    criteria[0].save()
    after = _ranks(funding_round)
    assert after["R-3"][1] > before
    rows, _criteria = ranking(funding_round)
    assert after == {r.application.reference: (r.rank, r.average, r.review_count) for r in rows}


def test_a_withdrawal_is_seen(two_ranked):
    first, _second, _reviewer = two_ranked
    withdraw_application(first, by=first.member, reason="Merged with another applicant.")
    ranks = _ranks(first.funding_round)
    assert "R-1" not in ranks
    assert ranks["R-2"][0] == 1


def test_without_the_cache_the_index_is_worked_out_each_time(two_ranked, settings):
    settings.ELIGIBILITY_CACHE_SECONDS = 0
    funding_round = two_ranked[0].funding_round
    ranking_index(funding_round)
    with CaptureQueriesContext(connection) as queries:
        ranking_index(funding_round)
    assert len(queries) > 2
