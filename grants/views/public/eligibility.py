"""The public eligibility self-check: a few questions, then a plain-language answer. No login."""

from django.shortcuts import render

from ...eligibility import LAW_ENFORCEMENT, ApplicationFacts, evaluate_criteria
from ...forms.applications import SelfCheckForm
from ...models import FundingRound
from ...selectors.eligibility import round_rules


def self_check_result(cleaned_data):
    """The engine's criteria results for the answers, as if they were an application (grants.eligibility)."""
    funding_round = cleaned_data["funding_round"]
    org_type = cleaned_data["organization_type"]
    facts = ApplicationFacts(
        id=0,
        reference="",
        organization="",
        organization_type=org_type,
        status="submitted",
        county_fips=frozenset(county.fips for county in cleaned_data["counties"]),
        has_public_safety_engagement_experience=cleaned_data["experience"] == "yes",
        has_community_engagement=cleaned_data["community_engagement"] == "yes",
        has_law_enforcement_partner=cleaned_data["law_enforcement_partner"] == "yes",
        has_dei_partner=cleaned_data["dei_partner"] == "yes",
        has_measurable_goals=cleaned_data["measurable_goals"] == "yes",
    )
    criteria, passes = evaluate_criteria(facts, round_rules(funding_round))
    return {
        "funding_round": funding_round,
        "criteria": criteria,
        "passes": passes,
        "failed": [c for c in criteria if not c.passed],
        "is_law_enforcement": org_type == LAW_ENFORCEMENT,
    }


def self_check(request):
    """GET form: answers stay in the address, so the result page can be bookmarked or shared."""
    answered = "organization_type" in request.GET
    initial = {"funding_round": FundingRound.objects.order_by("-opens_on").first()}
    form = SelfCheckForm(request.GET if answered else None, initial=initial)
    result = self_check_result(form.cleaned_data) if answered and form.is_valid() else None
    return render(request, "grants/public/self_check.html", {"form": form, "result": result})
