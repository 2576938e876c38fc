"""The program as a definition: CLEP's criteria, rubric, catalog and labels, and round rules checked against it."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from grants.eligibility import ApplicationFacts, RoundRules, evaluate_criteria
from grants.models import FundingRound
from grants.programs import definition_for, program_definition
from grants.reference_data import CRITERIA, ROUNDS
from tests.factories import UserFactory, activate_totp

CLEP = program_definition("clep")


def test_clep_is_the_only_program_and_lists_the_statute_criteria_in_order():
    assert CLEP.criterion_codes == tuple(CRITERIA)
    assert CLEP.statute == "RCW 43.330.545"
    assert CLEP.rubric[0]["code"] == "partnership"
    assert "dialogue_sessions" in [m["code"] for m in CLEP.metric_catalog]
    with pytest.raises(LookupError):
        program_definition("another")


def test_labels_numbering_and_report_titles_come_from_the_definition(db):
    pilot = FundingRound.objects.get(slug="clep-2021")
    program = definition_for(pilot)
    assert program is CLEP
    assert program.contract_prefix(pilot) == "CLEP-21-"
    assert program.reference_prefix(pilot) == "CLEP21"
    assert program.category_label("youth", "es") == "Movilización juvenil"
    assert program.category_label("youth", "xx") == "Youth mobilization"
    assert program.category_label("made_up") == "Made up"
    assert program.report_title("final") == "Final report: Community-Law Enforcement Partnership"
    assert program.criterion_label("law_enforcement_rule").startswith("Law-enforcement rule")


@pytest.mark.parametrize("spec", ROUNDS, ids=lambda spec: spec["slug"])
def test_the_seeded_rounds_rules_are_valid(spec):
    assert CLEP.rules_problems(spec["rules"]) == []


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({"required": ["organization_type", "experience"]}, "Unknown criterion code(s): experience"),
        ({"required": "organization_type"}, "“required” must be a list"),
        ({"required": ["service_area", "service_area"]}, "listed twice in “required”"),
        ({"any_of": [["dei_partner"]]}, "Group 1 of “any_of” must offer at least two"),
        ({"any_of": ["dei_partner"]}, "Group 1 of “any_of” must be a list"),
        ({"any_of": {"a": 1}}, "“any_of” must be a list of groups"),
        ({"required": [], "any_of": [["dei_partner", "partner_law_enforcement"]]}, "Unknown criterion"),
        (
            {"required": ["dei_partner"], "any_of": [["dei_partner", "law_enforcement_partner"]]},
            "already required",
        ),
        ({"requird": ["service_area"]}, "Unknown key(s) in the rules: requird"),
        ({"required": [], "any_of": []}, "no criterion at all"),
        (["service_area"], "must be an object"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(rules, expected):
    problems = CLEP.rules_problems(rules)
    assert any(expected in str(problem) for problem in problems), problems


def test_a_round_with_bad_rules_does_not_validate(db):
    pilot = FundingRound.objects.get(slug="clep-2021")
    pilot.rules = {"required": ["organization_type", "partner_law_enforcement"]}
    with pytest.raises(ValidationError) as refused:
        pilot.full_clean()
    assert "partner_law_enforcement" in str(refused.value.message_dict["rules"])
    pilot.rules = {"required": ["organization_type"], "any_of": [["dei_partner", "law_enforcement_partner"]]}
    pilot.full_clean()


def test_the_admin_refuses_a_round_with_bad_rules_and_keeps_the_old_ones(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    activate_totp(admin)
    client.force_login(admin)
    pilot = FundingRound.objects.get(slug="clep-2021")
    url = f"/django-admin/grants/fundinground/{pilot.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["eligible_counties"] = [c.pk for c in pilot.eligible_counties.all()]
    data["service_areas"] = [a.pk for a in pilot.service_areas.all()]
    data["rules"] = '{"required": ["organization_type", "experience"]}'
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Unknown criterion code(s): experience" in response.content.decode()
    pilot.refresh_from_db()
    assert "experience" not in pilot.rules["required"]


FACTS = st.builds(
    ApplicationFacts,
    id=st.just(1),
    reference=st.just("A-1"),
    organization=st.just("Org"),
    organization_type=st.sampled_from(["public_agency", "nonprofit", "law_enforcement", "for_profit"]),
    status=st.just("submitted"),
    county_fips=st.frozensets(st.sampled_from(["53001", "53003", "53077"]), max_size=2),
    has_public_safety_engagement_experience=st.booleans(),
    has_community_engagement=st.booleans(),
    has_law_enforcement_partner=st.booleans(),
    has_dei_partner=st.booleans(),
    has_measurable_goals=st.booleans(),
)


@given(FACTS)
def test_each_criterion_is_judged_on_its_own_inputs(facts):
    """The engine reuses one result per distinct inputs: the verdict must be the criterion's own judgement."""
    rules = RoundRules(eligible_county_fips=frozenset({"53001", "53077"}))
    results, passes = evaluate_criteria(facts, rules)
    for result in results:
        criterion = CLEP.criteria[result.code]
        passed, explanation = criterion.judge(*criterion.inputs(facts, rules))
        assert (result.passed, str(result.explanation)) == (passed, str(explanation))
    assert passes == all(result.passed for result in results)
    assert results[0].passed == (facts.organization_type != "for_profit")
