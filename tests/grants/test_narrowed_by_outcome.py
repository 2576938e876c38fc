"""Narrowing applications by their eligibility outcome gives the same applications whichever list of ids it
sends to the database (the kept ones, or the others left out)."""

from types import SimpleNamespace

import pytest

from grants.models import Application
from grants.selectors.eligibility import narrowed_by_outcome
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("passing", [0, 1, 2, 4, 5])
def test_the_same_applications_whether_few_or_most_pass(passing):
    applications = ApplicationFactory.create_batch(5)
    outcomes = {a.pk: SimpleNamespace(passes=i < passing) for i, a in enumerate(applications)}
    narrowed = narrowed_by_outcome(Application.objects.all(), outcomes, lambda o: o.passes)
    assert set(narrowed.values_list("pk", flat=True)) == {a.pk for a in applications[:passing]}


def test_an_application_newer_than_the_outcomes_is_not_kept():
    applications = ApplicationFactory.create_batch(3)
    outcomes = {a.pk: SimpleNamespace(passes=True) for a in applications}
    newer = ApplicationFactory()
    narrowed = narrowed_by_outcome(Application.objects.all(), outcomes, lambda o: o.passes)
    assert newer.pk not in set(narrowed.values_list("pk", flat=True))
