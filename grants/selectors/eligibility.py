"""Builds the eligibility engine's facts for a whole round from the database, in a constant number of queries."""

from collections import defaultdict

from ..eligibility import ApplicationFacts, RoundRules, evaluate_round, normalize_community
from ..models import Application, EligibilityOverride, FundingRound
from ..programs import definition_for


def round_rules(funding_round):
    """The round's rules for the engine, with the criteria of the round's program."""
    fips = funding_round.eligible_counties.through.objects.filter(fundinground=funding_round).values_list(
        "county_id", flat=True
    )
    return RoundRules.from_config(funding_round.rules, fips, criteria=definition_for(funding_round).criteria)


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


def round_outcomes(funding_round: FundingRound):
    """Eligibility outcomes of every application of the round, keyed by application id."""
    return evaluate_round(application_facts(funding_round), round_rules(funding_round))


def application_outcome(application):
    """The outcome of one application; evaluates its whole round, since others can block it."""
    return round_outcomes(application.funding_round)[application.pk]
