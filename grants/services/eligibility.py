"""Invalidating what is cached per round: its eligibility outcomes (grants.selectors.eligibility.round_outcomes)
and its ranking (grants.selectors.reviews.ranking_index).

Services that change something an outcome depends on call ``invalidate_round_outcomes`` after their write;
the model signals in grants.signals call it too, for writes made outside a service (the admin, a shell).
A new version is written in the same transaction as the change, so it is rolled back with it.
"""

import uuid

from ..models import Application, FundingRound


def _new_version(field, rounds):
    ids = {getattr(r, "pk", r) for r in rounds if r is not None}
    if ids:
        FundingRound.objects.filter(pk__in=ids).update(**{field: uuid.uuid4()})


def invalidate_round_outcomes(*rounds):
    """Give each round (a FundingRound or its id) a new outcomes version: its cached outcomes are not read again."""
    _new_version("outcomes_version", rounds)


def invalidate_round_reviews(*rounds):
    """Give each round a new reviews version: its cached ranking is not read again."""
    _new_version("reviews_version", rounds)


def invalidate_outcomes_of_organization(organization):
    """An organization's name or type is in the facts of every application it made."""
    rounds = Application.objects.filter(organization=organization).values_list("funding_round_id", flat=True)
    invalidate_round_outcomes(*set(rounds))
