"""Properties of the eligibility rule, over generated rounds, plus the live effect of withdrawals and overrides."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grants.eligibility import ApplicationFacts, RoundRules, evaluate_criteria, evaluate_round
from grants.reference_data import CRITERIA
from grants.selectors.eligibility import application_outcome
from grants.services.applications import override_eligibility, withdraw_application
from tests.factories import ApplicationFactory, MembershipFactory, OrganizationFactory

FIPS = ("53001", "53003", "53005", "53077")
COMMUNITIES = ("wapato", "toppenish", "selah")
RULES = RoundRules(eligible_county_fips=frozenset(FIPS[:3]), required=tuple(CRITERIA))


@st.composite
def facts(draw, id_):
    return ApplicationFacts(
        id=id_,
        reference=f"A-{id_:03d}",
        organization=f"Org {id_}",
        organization_type=draw(
            st.sampled_from(["public_agency", "nonprofit", "law_enforcement", "for_profit"])
        ),
        status=draw(st.sampled_from(["submitted", "submitted", "withdrawn", "draft"])),
        county_fips=frozenset(draw(st.sets(st.sampled_from(FIPS), max_size=2))),
        communities=frozenset(draw(st.sets(st.sampled_from(COMMUNITIES), max_size=2))),
        has_public_safety_engagement_experience=draw(st.booleans()),
        has_community_engagement=draw(st.booleans()),
        has_law_enforcement_partner=draw(st.booleans()),
        has_dei_partner=draw(st.booleans()),
        has_measurable_goals=draw(st.booleans()),
        override=draw(st.sampled_from([None, None, None, True, False])),
    )


@st.composite
def rounds(draw, min_size=0, max_size=8):
    size = draw(st.integers(min_size, max_size))
    return [draw(facts(i + 1)) for i in range(size)]


def verdicts(applications):
    return {i: o.is_eligible for i, o in evaluate_round(applications, RULES).items()}


@given(rounds(), st.randoms())
def test_the_order_of_applications_does_not_matter(applications, random):
    shuffled = list(applications)
    random.shuffle(shuffled)
    assert verdicts(applications) == verdicts(shuffled)


@given(rounds(), facts(999))
def test_adding_an_ineligible_or_withdrawn_application_changes_no_one(applications, extra):
    before = verdicts(applications)
    after = verdicts([*applications, extra])
    if not after[999]:
        del after[999]
        assert after == before


@given(rounds(), facts(999))
def test_a_withdrawn_application_changes_no_one(applications, extra):
    from dataclasses import replace

    withdrawn = replace(extra, status="withdrawn")
    after = verdicts([*applications, withdrawn])
    assert after.pop(999) is False
    assert after == verdicts(applications)


@given(rounds(min_size=1))
def test_law_enforcement_blocked_exactly_when_an_eligible_non_law_enforcement_applicant_shares_an_area(
    applications,
):
    outcomes = evaluate_round(applications, RULES)
    for facts_ in applications:
        if not facts_.is_law_enforcement:
            continue
        sharing = {
            other.id
            for other in applications
            if not other.is_law_enforcement
            and outcomes[other.id].is_eligible
            and (other.county_fips & facts_.county_fips or other.communities & facts_.communities)
        }
        outcome = outcomes[facts_.id]
        assert {b.id for b in outcome.blocked_by} == sharing
        if facts_.override is None:
            _, passes = evaluate_criteria(facts_, RULES)
            assert outcome.is_eligible == (facts_.status == "submitted" and passes and not sharing)


@given(rounds(min_size=1))
@settings(max_examples=50)
def test_law_enforcement_applicants_never_block_each_other(applications):
    outcomes = evaluate_round(applications, RULES)
    law_enforcement = {f.id for f in applications if f.is_law_enforcement}
    for outcome in outcomes.values():
        assert not {b.id for b in outcome.blocked_by} & law_enforcement


@pytest.mark.django_db
def test_withdrawing_the_blocking_application_unblocks_the_law_enforcement_applicant_at_once():
    sheriff = ApplicationFactory(
        organization=OrganizationFactory(org_type="law_enforcement"), counties=["Yakima"]
    )
    membership = MembershipFactory()
    nonprofit = ApplicationFactory(organization=membership.organization, counties=["Yakima"])
    assert application_outcome(sheriff).blocked_by_references == [nonprofit.reference]
    assert not application_outcome(sheriff).is_eligible

    withdraw_application(nonprofit, by=membership.user, reason="We merged with another applicant.")
    assert application_outcome(sheriff).is_eligible


@pytest.mark.django_db
def test_an_override_elsewhere_changes_the_law_enforcement_outcome_at_once(program_manager):
    sheriff = ApplicationFactory(
        organization=OrganizationFactory(org_type="law_enforcement"), counties=["Yakima"]
    )
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert not application_outcome(sheriff).is_eligible

    override_eligibility(nonprofit, is_eligible=False, reason="No DEI partner letter.", by=program_manager)
    assert application_outcome(sheriff).is_eligible

    override_eligibility(nonprofit, is_eligible=True, reason="Letter received.", by=program_manager)
    assert not application_outcome(sheriff).is_eligible
    assert nonprofit.eligibility_overrides.filter(is_active=True).count() == 1
    assert nonprofit.eligibility_overrides.count() == 2
