"""Builds the eligibility engine's facts for a whole round from the database, in a constant number of queries."""

import threading
from collections import OrderedDict, defaultdict

from django.conf import settings
from django.core.cache import cache

from ..eligibility import ApplicationFacts, RoundRules, evaluate_round, normalize_community
from ..models import Application, EligibilityOverride, FundingRound
from ..programs import definition_for


def round_rules(funding_round, rules=None):
    """The round's rules for the engine, with the criteria of the round's program; ``rules`` as just read
    from the database when the caller has them (``funding_round`` may have been loaded earlier)."""
    fips = funding_round.eligible_counties.through.objects.filter(fundinground=funding_round).values_list(
        "county_id", flat=True
    )
    config = funding_round.rules if rules is None else rules
    return RoundRules.from_config(config, fips, criteria=definition_for(funding_round).criteria)


def application_facts(funding_round):
    """One ApplicationFacts per application of the round (four queries, whatever the round's size)."""
    counties = defaultdict(set)
    for application_id, fips in Application.counties.through.objects.filter(
        application__funding_round=funding_round
    ).values_list("application_id", "county_id"):
        counties[application_id].add(fips)
    overrides = {}
    for application_id, is_eligible, reason in (
        EligibilityOverride.objects.filter(application__funding_round=funding_round, is_active=True)
        .order_by("decided_at", "id")
        .values_list("application_id", "is_eligible", "reason")
    ):
        overrides[application_id] = (is_eligible, reason)  # the newest active one wins
    rows = Application.objects.filter(funding_round=funding_round).values_list(
        "id",
        "reference",
        "organization__legal_name",
        "organization__org_type",
        "status",
        "communities",
        "has_public_safety_engagement_experience",
        "has_community_engagement",
        "has_law_enforcement_partner",
        "has_dei_partner",
        "has_measurable_goals",
    )
    facts = []
    for app_id, reference, organization, org_type, status, communities, *flags in rows:
        override, reason = overrides.get(app_id, (None, ""))
        facts.append(
            ApplicationFacts(
                id=app_id,
                reference=reference,
                organization=organization,
                organization_type=org_type,
                status=status,
                county_fips=frozenset(counties.get(app_id, ())),
                communities=frozenset(normalize_community(c) for c in communities or () if str(c).strip()),
                has_public_safety_engagement_experience=flags[0],
                has_community_engagement=flags[1],
                has_law_enforcement_partner=flags[2],
                has_dei_partner=flags[3],
                has_measurable_goals=flags[4],
                override=override,
                override_reason=reason,
            )
        )
    return facts


def compute_round_outcomes(funding_round: FundingRound, rules=None):
    """Eligibility outcomes of every application of the round, computed now from the database."""
    return evaluate_round(application_facts(funding_round), round_rules(funding_round, rules))


def round_outcomes(funding_round: FundingRound):
    """Eligibility outcomes of every application of the round, keyed by application id.

    Cached per round under the round's outcomes version, which every change that can move an outcome
    replaces (grants.services.eligibility): one query to read the version, then this process's memory, then
    Django's cache (Redis in production, shared by every process), then the computation. The version is read
    from the database, not from ``funding_round``, which may have been loaded before the change.
    ``ELIGIBILITY_CACHE_SECONDS = 0`` turns the cache off. Outcomes are shared: callers must not change them.
    """
    if not settings.ELIGIBILITY_CACHE_SECONDS:
        return RoundOutcomes(compute_round_outcomes(funding_round))
    version, rules = (
        FundingRound.objects.filter(pk=funding_round.pk).values_list("outcomes_version", "rules").get()
    )
    return _cached_outcomes(funding_round, version, rules)


def outcomes_of_rounds(rounds):
    """``round_outcomes`` of several rounds, keyed by round id: one query reads every round's outcomes
    version, then each round's outcomes come from the caches (computed only when a version is new)."""
    rounds = list(rounds)
    if not settings.ELIGIBILITY_CACHE_SECONDS:
        return {
            funding_round.pk: RoundOutcomes(compute_round_outcomes(funding_round)) for funding_round in rounds
        }
    versions = {
        pk: (version, rules)
        for pk, version, rules in FundingRound.objects.filter(pk__in=[r.pk for r in rounds]).values_list(
            "pk", "outcomes_version", "rules"
        )
    }
    return {
        funding_round.pk: _cached_outcomes(funding_round, *versions[funding_round.pk])
        for funding_round in rounds
        if funding_round.pk in versions
    }


def _cached_outcomes(funding_round, version, rules):
    key = f"grants:round-outcomes:{funding_round.pk}:{version}"
    with _RECENT_LOCK:
        outcomes = _RECENT.get(key)
        if outcomes is not None:
            _RECENT.move_to_end(key)
    if outcomes is None:
        # Unpickling 5,000 outcomes costs a fifth of computing them; the newest few stay in memory too.
        outcomes = cache.get(key)
        if outcomes is None:
            # The rules read with the version, so what is cached under a version is computed from that version.
            outcomes = compute_round_outcomes(funding_round, rules)
            cache.set(key, outcomes, settings.ELIGIBILITY_CACHE_SECONDS)
        with _RECENT_LOCK:
            _RECENT[key] = outcomes
            while len(_RECENT) > RECENT_ROUNDS:
                _RECENT.popitem(last=False)
    return RoundOutcomes(outcomes, version_key=key)


class RoundOutcomes(dict):
    """A round's outcomes by application id (a copy callers may filter), with the cache key of the outcomes
    version they were read under (None when the cache is off), which ``derived_from_outcomes`` keys on."""

    def __init__(self, outcomes, version_key=None):
        super().__init__(outcomes)
        self.version_key = version_key


def derived_from_outcomes(outcomes, name, derive):
    """``derive(outcomes)``, worked out once per outcomes version in this process: a page that reads the
    same facts from every outcome on every request (the screening CSV's eligibility columns) pays for it
    once. A version never changes meaning, so a stored result is never stale; it is worked out from the whole
    round's outcomes of that version. Without a version (the cache off) it is worked out each time."""
    version_key = getattr(outcomes, "version_key", None)
    key = (version_key, name)
    with _RECENT_LOCK:
        # The whole round's outcomes as read under that version, whatever the caller took out of its copy.
        whole = _RECENT.get(version_key)
        value = _DERIVED.get(key)
        if value is not None:
            _DERIVED.move_to_end(key)
            return value
    if whole is None:
        return derive(outcomes)
    value = derive(whole)
    with _RECENT_LOCK:
        _DERIVED[key] = value
        while len(_DERIVED) > DERIVED_RESULTS:
            _DERIVED.popitem(last=False)
    return value


# The outcomes this process read last, by cache key (round and version): a version never changes meaning, so
# an entry is never stale, only unused. A few rounds are screened at a time.
RECENT_ROUNDS = 4
_RECENT = OrderedDict()
# What derived_from_outcomes worked out, by (cache key, name): a few kinds for each of the recent rounds.
DERIVED_RESULTS = 4 * RECENT_ROUNDS
_DERIVED = OrderedDict()
_RECENT_LOCK = threading.Lock()


def narrowed_by_outcome(applications, outcomes, keep):
    """``applications`` (of the outcomes' round) narrowed to those whose outcome passes ``keep``, by the
    shorter list of ids: the ones kept, or, when most pass, the others left out (4,500 ids in an SQL query
    cost more to send and read than 500). Applications newer than the outcomes are never kept."""
    kept, left_out = [], []
    for pk, outcome in outcomes.items():
        (kept if keep(outcome) else left_out).append(pk)
    if len(kept) <= len(left_out):
        return applications.filter(pk__in=kept)
    return applications.filter(pk__lte=max(kept)).exclude(pk__in=left_out)


def application_outcome(application):
    """The outcome of one application; evaluates its whole round, since others can block it."""
    return round_outcomes(application.funding_round)[application.pk]
