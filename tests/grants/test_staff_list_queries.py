"""Every staff list answers in a number of queries that does not grow with its rows (issue 14): each page is
read with a few rows, then with many more, and the second read may not take more queries than the first.

Lists with such a test elsewhere are not repeated here: the screening list (test_screening_views) and the
reviewer-assignment page (test_assignment_page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import FundingRound, Invoice, RubricCriterion
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    AwardFactory,
    InvoiceFactory,
    MetricFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    ScoreFactory,
    funding_round,
)

pytestmark = pytest.mark.django_db

SLUG = "clep-2021"


def _rounds(count):
    program = funding_round().program
    for _ in range(count):
        number = FundingRound.objects.count()
        FundingRound.objects.create(program=program, slug=f"extra-{number}", name=f"Extra round {number}")


def _review_home(count):
    _rounds(count)
    for _ in range(count):
        ReviewAssignmentFactory()
        AwardDecisionFactory()


def _reviewer_load(count):
    for _ in range(count):
        ReviewAssignmentFactory(reviewer=ReviewerFactory())


def _metrics(count):
    for _ in range(count):
        MetricFactory()


def _audit(count):
    ApplicationFactory.create_batch(count)


def _decisions(count):
    for index in range(count):
        AwardDecisionFactory(outcome="decline" if index % 2 else "award")


def _awards(count):
    AwardFactory.create_batch(count)


def _ranking(count):
    criteria = list(RubricCriterion.objects.filter(funding_round__slug=SLUG))
    for _ in range(count):
        assignment = ReviewAssignmentFactory(status="submitted", has_conflict=False)
        for criterion in criteria:
            ScoreFactory(assignment=assignment, criterion=criterion, score=criterion.max_score // 2)
        AwardDecisionFactory(application=assignment.application)


def _submissions(count):
    for _ in range(count):
        ensure_reporting_periods(AwardFactory())


def _invoices(count):
    for _ in range(count):
        InvoiceFactory(status=Invoice.Status.SUBMITTED)


PAGES = {
    "rounds": (reverse("grants:staff_rounds"), _rounds),
    "review_home": (reverse("grants:staff_review_home"), _review_home),
    "reviewer_load": (reverse("grants:staff_reviewer_load", args=[SLUG]), _reviewer_load),
    "metrics": (reverse("grants:staff_metrics", args=[SLUG]), _metrics),
    "audit_log": (reverse("grants:audit_log"), _audit),
    "decisions": (reverse("grants:staff_decisions", args=[SLUG]), _decisions),
    "awards": (reverse("grants:staff_awards", args=[SLUG]), _awards),
    "ranking": (reverse("grants:staff_ranking", args=[SLUG]), _ranking),
    "submissions": (reverse("grants:staff_submissions") + f"?round={SLUG}", _submissions),
    "invoices": (reverse("grants:staff_invoices") + f"?round={SLUG}", _invoices),
}


def _queries(client, url):
    """The queries of a warm read (the first read fills the eligibility cache)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_staff_list_takes_no_more_queries_with_many_rows(staff_client, page):
    url, build = PAGES[page]
    build(2)
    few = _queries(staff_client, url)
    build(30)
    many = _queries(staff_client, url)
    assert many <= few, f"{page}: {few} queries with a few rows, {many} with 30 more"
