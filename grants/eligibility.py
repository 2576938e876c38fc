"""The eligibility rule engine: plain data in, explained results out. No ORM writes, no HTTP.

Criteria (RCW 43.330.545(3)) are evaluated per application against the round's rule
configuration; the law-enforcement rule is then applied across the whole round in one pass:

- a law-enforcement applicant is eligible only if it passes the criteria itself, and
- no other submitted, non-law-enforcement, eligible application in the round serves any of the same
  counties or communities. Law-enforcement applicants never block each other, and a law-enforcement
  applicant is its own law-enforcement partner.

Nothing here is stored: callers recompute from current data, so a withdrawal or an override
elsewhere in the county changes the outcome at once. ``grants.selectors.eligibility`` builds the
facts from the database in a constant number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Criterion codes, in the order of the statute.
ORGANIZATION_TYPE = "organization_type"
EXPERIENCE = "public_safety_engagement_experience"
COMMUNITY_ENGAGEMENT = "community_engagement"
LAW_ENFORCEMENT_PARTNER = "law_enforcement_partner"
DEI_PARTNER = "dei_partner"
MEASURABLE_GOALS = "measurable_goals"
SERVICE_AREA = "service_area"
LAW_ENFORCEMENT_RULE = "law_enforcement_rule"

CRITERIA = (
    ORGANIZATION_TYPE,
    EXPERIENCE,
    COMMUNITY_ENGAGEMENT,
    LAW_ENFORCEMENT_PARTNER,
    DEI_PARTNER,
    MEASURABLE_GOALS,
    SERVICE_AREA,
)

ELIGIBLE_ORGANIZATION_TYPES = frozenset({"public_agency", "nonprofit", "law_enforcement"})
LAW_ENFORCEMENT = "law_enforcement"
SUBMITTED = "submitted"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ApplicationFacts:
    """What the engine needs to know about one application."""

    id: int
    reference: str
    organization: str
    organization_type: str
    status: str
    county_fips: frozenset = frozenset()
    communities: frozenset = frozenset()
    has_public_safety_engagement_experience: bool = False
    has_community_engagement: bool = False
    has_law_enforcement_partner: bool = False
    has_dei_partner: bool = False
    has_measurable_goals: bool = False
    # A staff override: True or False replaces the computed result, None means no override.
    override: bool | None = None
    override_reason: str = ""

    @property
    def is_law_enforcement(self):
        return self.organization_type == LAW_ENFORCEMENT


@dataclass(frozen=True)
class RoundRules:
    """A round's configuration: the criteria every application must pass, and groups of alternatives."""

    eligible_county_fips: frozenset
    required: tuple = CRITERIA
    any_of: tuple = ()

    @classmethod
    def from_config(cls, config, eligible_county_fips):
        config = config or {}
        return cls(
            eligible_county_fips=frozenset(eligible_county_fips),
            required=tuple(config.get("required", CRITERIA)),
            any_of=tuple(tuple(group) for group in config.get("any_of", ())),
        )


@dataclass(frozen=True)
class CriterionResult:
    code: str
    passed: bool
    explanation: str


@dataclass
class Outcome:
    """The explained result for one application."""

    facts: ApplicationFacts
    criteria: list = field(default_factory=list)
    passes_criteria: bool = False
    blocked_by: tuple = ()
    computed_eligible: bool = False
    is_eligible: bool = False

    @property
    def is_overridden(self):
        return self.facts.override is not None

    @property
    def blocked_by_references(self):
        return [blocker.reference for blocker in self.blocked_by]


def normalize_community(name):
    """Communities match case- and space-insensitively: 'East  Wenatchee' is 'east wenatchee'."""
    return " ".join(str(name).split()).casefold()


def _criterion(facts, code, rules):
    """Whether one criterion passes, and why, in words an applicant understands."""
    if code == ORGANIZATION_TYPE:
        passed = facts.organization_type in ELIGIBLE_ORGANIZATION_TYPES
        if facts.is_law_enforcement:
            # RCW 43.330.545(2): an agency may apply only when no other eligible applicant serves its area.
            explanation = _(
                "The applicant is a law-enforcement agency: it can be funded only when no other eligible "
                "applicant serves the same community or county."
            )
        elif passed:
            explanation = _("The applicant is a public agency or a nonprofit organization.")
        else:
            explanation = _("A for-profit business cannot receive a CLEP grant.")
    elif code == EXPERIENCE:
        passed = facts.has_public_safety_engagement_experience
        explanation = (
            _("The application shows experience with community engagement that affects public safety.")
            if passed
            else _(
                "The application does not show experience with community engagement that affects public safety."
            )
        )
    elif code == COMMUNITY_ENGAGEMENT:
        passed = facts.has_community_engagement
        explanation = (
            _("Community engagement is part of the applicant's services.")
            if passed
            else _(
                "The application does not show that community engagement is part of the applicant's services."
            )
        )
    elif code == LAW_ENFORCEMENT_PARTNER:
        if facts.is_law_enforcement:
            passed = True
            explanation = _(
                "The applicant is a law-enforcement agency, so it is its own law-enforcement partner."
            )
        else:
            passed = facts.has_law_enforcement_partner
            explanation = (
                _("The coordinated effort includes a committed law-enforcement partner.")
                if passed
                else _("The coordinated effort must include a committed law-enforcement partner.")
            )
    elif code == DEI_PARTNER:
        passed = facts.has_dei_partner
        explanation = (
            _("The coordinated effort includes an organization committed to diversity, equity and inclusion.")
            if passed
            else _(
                "The coordinated effort must include an organization committed to diversity, equity and inclusion."
            )
        )
    elif code == MEASURABLE_GOALS:
        passed = facts.has_measurable_goals
        explanation = (
            _("The application sets out priorities, policies and measurable goals.")
            if passed
            else _("The application must set out priorities, policies and measurable goals.")
        )
    elif code == SERVICE_AREA:
        outside = facts.county_fips - rules.eligible_county_fips
        passed = bool(facts.county_fips) and not outside
        if not facts.county_fips:
            explanation = _("The application must name the counties it serves.")
        elif outside:
            explanation = _("Some of the counties served are outside this round's eligible counties.")
        else:
            explanation = _("Every county served is eligible in this round.")
    else:
        raise ValueError(f"Unknown criterion {code!r}")
    return CriterionResult(code, passed, explanation)


def _result_key(facts, code, rules):
    """Everything one criterion's result depends on: equal keys give equal results (and explanations)."""
    if code == ORGANIZATION_TYPE:
        return code, facts.organization_type in ELIGIBLE_ORGANIZATION_TYPES, facts.is_law_enforcement
    if code == EXPERIENCE:
        return code, facts.has_public_safety_engagement_experience
    if code == COMMUNITY_ENGAGEMENT:
        return code, facts.has_community_engagement
    if code == LAW_ENFORCEMENT_PARTNER:
        return code, facts.is_law_enforcement or facts.has_law_enforcement_partner, facts.is_law_enforcement
    if code == DEI_PARTNER:
        return code, facts.has_dei_partner
    if code == MEASURABLE_GOALS:
        return code, facts.has_measurable_goals
    if code == SERVICE_AREA:
        return code, bool(facts.county_fips), bool(facts.county_fips - rules.eligible_county_fips)
    raise ValueError(f"Unknown criterion {code!r}")


# Results are immutable and their explanations lazy (translated when shown), so a round of thousands of
# applications reuses a handful of them instead of building one per application and criterion.
_RESULTS = {}


def evaluate_criteria(facts, rules):
    """The criteria results of one application, and whether they pass under the round's rules."""
    codes = list(rules.required) + [
        code for group in rules.any_of for code in group if code not in rules.required
    ]
    results = {}
    for code in dict.fromkeys(codes):
        key = _result_key(facts, code, rules)
        result = _RESULTS.get(key)
        if result is None:
            result = _RESULTS[key] = _criterion(facts, code, rules)
        results[code] = result
    passes = all(results[code].passed for code in rules.required) and all(
        any(results[code].passed for code in group) for group in rules.any_of
    )
    return list(results.values()), passes


def _is_competing(facts):
    return facts.status == SUBMITTED


def evaluate_round(applications: Iterable[ApplicationFacts], rules: RoundRules):
    """Outcomes for every application of a round, keyed by application id, in one pass.

    Withdrawn and draft applications are never eligible and never block anyone.
    """
    outcomes = {}
    for facts in applications:
        criteria, passes = evaluate_criteria(facts, rules)
        outcomes[facts.id] = Outcome(facts=facts, criteria=criteria, passes_criteria=passes)

    # Non-law-enforcement applications first: their outcome does not depend on anyone else's.
    # References are unique within a round: keying blockers by reference dedupes and sorts them cheaply.
    blockers_by_county = defaultdict(dict)
    blockers_by_community = defaultdict(dict)
    for outcome in outcomes.values():
        facts = outcome.facts
        if facts.is_law_enforcement:
            continue
        outcome.computed_eligible = _is_competing(facts) and outcome.passes_criteria
        outcome.is_eligible = _is_competing(facts) and (
            facts.override if facts.override is not None else outcome.computed_eligible
        )
        if outcome.is_eligible:
            for fips in facts.county_fips:
                blockers_by_county[fips][facts.reference] = facts
            for community in facts.communities:
                blockers_by_community[community][facts.reference] = facts

    for outcome in outcomes.values():
        facts = outcome.facts
        if not facts.is_law_enforcement:
            continue
        blockers = {}
        for fips in facts.county_fips:
            blockers.update(blockers_by_county.get(fips, {}))
        for community in facts.communities:
            blockers.update(blockers_by_community.get(community, {}))
        outcome.blocked_by = tuple(blockers[reference] for reference in sorted(blockers))
        outcome.criteria.append(_law_enforcement_rule_result(outcome))
        outcome.computed_eligible = (
            _is_competing(facts) and outcome.passes_criteria and not outcome.blocked_by
        )
        outcome.is_eligible = _is_competing(facts) and (
            facts.override if facts.override is not None else outcome.computed_eligible
        )
    return outcomes


def _law_enforcement_rule_result(outcome):
    if outcome.blocked_by:
        explanation = format_lazy(
            _(
                "A law-enforcement agency can receive a grant only when no other eligible applicant serves "
                "the same community or county. These eligible applications serve the same area: {references}."
            ),
            references=", ".join(outcome.blocked_by_references),
        )
        return CriterionResult(LAW_ENFORCEMENT_RULE, False, explanation)
    return CriterionResult(
        LAW_ENFORCEMENT_RULE,
        True,
        _(
            "No other eligible applicant serves the same communities or counties, so this law-enforcement "
            "agency may be funded."
        ),
    )
