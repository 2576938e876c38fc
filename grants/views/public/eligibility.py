"""The public eligibility self-check: a few questions, then a plain-language answer. No login."""

from django.shortcuts import render

from ...eligibility import LAW_ENFORCEMENT, ApplicationFacts, evaluate_criteria
from ...forms.applications import SelfCheckForm
from ...models import FundingRound
from ...programs.clep.criteria import SERVICE_AREA
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
    rules = round_rules(funding_round)
    criteria, passes = evaluate_criteria(facts, rules)
    outside = [c.name for c in cleaned_data["counties"] if c.fips not in rules.eligible_county_fips]
    return {
        "funding_round": funding_round,
        "criteria": criteria,
        "passes": passes,
        "failed": [c for c in criteria if not c.passed],
        "is_law_enforcement": org_type == LAW_ENFORCEMENT,
        "outside_counties": outside,
        "service_area_code": SERVICE_AREA,
    }


def round_counties(funding_round):
    """The names of the counties a round accepts, or None for a statewide round."""
    if funding_round is None or funding_round.is_statewide:
        return None
    return list(funding_round.eligible_counties.order_by("name").values_list("name", flat=True))


def self_check(request):
    """GET form: answers stay in the address, so the result page can be bookmarked or shared.

    Any answer in the address counts as a submission, so a missing answer (even the first) shows its error."""
    initial = {"funding_round": FundingRound.objects.order_by("-opens_on").first()}
    answered = any(name in request.GET for name in SelfCheckForm.base_fields)
    form = SelfCheckForm(request.GET if answered else None, initial=initial)
    result = self_check_result(form.cleaned_data) if answered and form.is_valid() else None
    chosen = result["funding_round"] if result else _chosen_round(form, initial["funding_round"])
    return render(
        request,
        "grants/public/self_check.html",
        {
            "form": form,
            "result": result,
            "missing": len(form.errors) if answered else 0,
            "chosen_round": chosen,
            "round_counties": round_counties(chosen),
        },
    )


def _chosen_round(form, default):
    slug_or_pk = form.data.get("funding_round") if form.is_bound else None
    if slug_or_pk:
        try:
            return FundingRound.objects.filter(pk=int(slug_or_pk)).first() or default
        except (TypeError, ValueError):
            return default
    return default
