"""The CLEP eligibility criteria, RCW 43.330.545(3), keyed by code in the statute's order.

Each criterion names what it reads from an application (``inputs``) and its verdict with an explanation an
applicant understands (``judge``); the engine (grants.eligibility) looks them up by code.
"""

from django.utils.translation import gettext_lazy as _

from ..definition import Criterion

ORGANIZATION_TYPE = "organization_type"
EXPERIENCE = "public_safety_engagement_experience"
COMMUNITY_ENGAGEMENT = "community_engagement"
LAW_ENFORCEMENT_PARTNER = "law_enforcement_partner"
DEI_PARTNER = "dei_partner"
MEASURABLE_GOALS = "measurable_goals"
SERVICE_AREA = "service_area"
# Applied by the engine across the whole round, not per application.
LAW_ENFORCEMENT_RULE = "law_enforcement_rule"

# (3)(a): public agencies and nonprofits; a law-enforcement agency only under the law-enforcement rule.
ELIGIBLE_ORGANIZATION_TYPES = frozenset({"public_agency", "nonprofit", "law_enforcement"})


def _verdict(passed, yes, no):
    return passed, yes if passed else no


def _organization_type(passed, is_law_enforcement):
    if is_law_enforcement:
        # RCW 43.330.545(2): an agency may apply only when no other eligible applicant serves its area.
        return passed, _(
            "The applicant is a law-enforcement agency: it can be funded only when no other eligible "
            "applicant serves the same community or county."
        )
    return _verdict(
        passed,
        _("The applicant is a public agency or a nonprofit organization."),
        _("A for-profit business cannot receive a CLEP grant."),
    )


def _experience(passed):
    # (3)(b)
    return _verdict(
        passed,
        _("The application shows experience with community engagement that affects public safety."),
        _("The application does not show experience with community engagement that affects public safety."),
    )


def _community_engagement(passed):
    # (3)(c)
    return _verdict(
        passed,
        _("Community engagement is part of the applicant's services."),
        _("The application does not show that community engagement is part of the applicant's services."),
    )


def _law_enforcement_partner(is_law_enforcement, has_partner):
    # (3)(d): a law-enforcement applicant is its own law-enforcement partner.
    if is_law_enforcement:
        return True, _("The applicant is a law-enforcement agency, so it is its own law-enforcement partner.")
    return _verdict(
        has_partner,
        _("The coordinated effort includes a committed law-enforcement partner."),
        _("The coordinated effort must include a committed law-enforcement partner."),
    )


def _dei_partner(passed):
    # (3)(d)
    return _verdict(
        passed,
        _("The coordinated effort includes an organization committed to diversity, equity and inclusion."),
        _(
            "The coordinated effort must include an organization committed to diversity, equity and inclusion."
        ),
    )


def _measurable_goals(passed):
    # (3)(e)
    return _verdict(
        passed,
        _("The application sets out priorities, policies and measurable goals."),
        _("The application must set out priorities, policies and measurable goals."),
    )


def _service_area(has_counties, has_outside):
    if not has_counties:
        return False, _("The application must name the counties it serves.")
    if has_outside:
        return False, _("Some of the counties served are outside this round's eligible counties.")
    return True, _("Every county served is eligible in this round.")


CRITERIA = {
    criterion.code: criterion
    for criterion in (
        Criterion(
            ORGANIZATION_TYPE,
            "Public agency or nonprofit organization",
            lambda facts, rules: (
                facts.organization_type in ELIGIBLE_ORGANIZATION_TYPES,
                facts.is_law_enforcement,
            ),
            _organization_type,
        ),
        Criterion(
            EXPERIENCE,
            "Experience with community engagement affecting public safety",
            lambda facts, rules: (facts.has_public_safety_engagement_experience,),
            _experience,
        ),
        Criterion(
            COMMUNITY_ENGAGEMENT,
            "Community engagement part of its services",
            lambda facts, rules: (facts.has_community_engagement,),
            _community_engagement,
        ),
        Criterion(
            LAW_ENFORCEMENT_PARTNER,
            "Committed law-enforcement partner",
            lambda facts, rules: (facts.is_law_enforcement, facts.has_law_enforcement_partner),
            _law_enforcement_partner,
        ),
        Criterion(
            DEI_PARTNER,
            "Committed diversity, equity and inclusion partner",
            lambda facts, rules: (facts.has_dei_partner,),
            _dei_partner,
        ),
        Criterion(
            MEASURABLE_GOALS,
            "Priorities, policies and measurable goals",
            lambda facts, rules: (facts.has_measurable_goals,),
            _measurable_goals,
        ),
        Criterion(
            SERVICE_AREA,
            "Service area in the round's eligible counties",
            lambda facts, rules: (
                bool(facts.county_fips),
                bool(facts.county_fips - rules.eligible_county_fips),
            ),
            _service_area,
        ),
    )
}

ROUND_RULE_LABELS = {
    LAW_ENFORCEMENT_RULE: "Law-enforcement rule (another eligible applicant serves the area)",
}
