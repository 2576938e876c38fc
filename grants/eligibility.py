"""The eligibility rule engine: plain data in, explained results out. No ORM writes, no HTTP.

Criteria are the program definition's (grants.programs; CLEP's are RCW 43.330.545(3)), looked up by code
and evaluated per application against the round's rule configuration; the law-enforcement rule is then
applied across the whole round in one pass:

- a law-enforcement applicant is eligible only if it passes the criteria itself, and
- no other submitted, non-law-enforcement, eligible application in the round serves any of the same
  counties or communities. Law-enforcement applicants never block each other, and a law-enforcement
  applicant is its own law-enforcement partner.

Nothing here is stored: callers recompute from current data, so a withdrawal or an override
elsewhere in the county changes the outcome at once. ``grants.selectors.eligibility`` builds the
facts from the database in a constant number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .programs.clep.criteria import CRITERIA as CLEP_CRITERIA
from .programs.clep.criteria import LAW_ENFORCEMENT_RULE

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
    required: tuple = tuple(CLEP_CRITERIA)
    any_of: tuple = ()
    # The program's criteria by code (grants.programs.definition.Criterion).
    criteria: Mapping = field(default_factory=lambda: CLEP_CRITERIA)

    @classmethod
    def from_config(cls, config, eligible_county_fips, criteria=CLEP_CRITERIA):
        config = config or {}
        return cls(
            eligible_county_fips=frozenset(eligible_county_fips),
            required=tuple(config.get("required", tuple(criteria))),
            any_of=tuple(tuple(group) for group in config.get("any_of", ())),
            criteria=criteria,
        )


@dataclass(frozen=True)
class CriterionResult:
    code: str
    passed: bool
    explanation: str
    # How a copy unpickled from the cache gets this result back: (function, args). A lazy explanation pickles
    # as a recipe that builds a new proxy class for every object, which made reading 5,000 cached outcomes
    # slower than computing them; the shared result is looked up again instead.
    rebuild: tuple | None = field(default=None, compare=False, repr=False)

    def __reduce__(self):
        if self.rebuild is not None:
            return self.rebuild
        return (CriterionResult, (self.code, self.passed, str(self.explanation)))


def _result_of(criterion, inputs):
    """The one result of a criterion for these inputs. Results are immutable and their explanations lazy
    (translated when shown), so a round of thousands of applications shares a handful of them."""
    result = criterion.results.get(inputs)
    if result is None:
        passed, explanation = criterion.judge(*inputs)
        result = criterion.results[inputs] = CriterionResult(
            criterion.code, passed, explanation, rebuild=(_shared_result, (criterion.code, inputs))
        )
    return result


def _shared_result(code, inputs):
    """What an unpickled CriterionResult becomes."""
    return _result_of(_CRITERIA_BY_CODE.get(code) or CLEP_CRITERIA[code], inputs)


# Criteria met so far, by code, so an unpickled result finds its criterion (programs share no code).
_CRITERIA_BY_CODE = {}


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


def evaluate_criteria(facts, rules):
    """The criteria results of one application, and whether they pass under the round's rules."""
    codes = list(rules.required) + [
        code for group in rules.any_of for code in group if code not in rules.required
    ]
    results = {}
    for code in dict.fromkeys(codes):
        criterion = rules.criteria[code]
        _CRITERIA_BY_CODE.setdefault(code, criterion)
        results[code] = _result_of(criterion, criterion.inputs(facts, rules))
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
        return _blocked_result(tuple(outcome.blocked_by_references))
    return _unblocked_result()


def _blocked_result(references):
    explanation = format_lazy(
        _(
            "A law-enforcement agency can receive a grant only when no other eligible applicant serves "
            "the same community or county. These eligible applications serve the same area: {references}."
        ),
        references=", ".join(references),
    )
    return CriterionResult(LAW_ENFORCEMENT_RULE, False, explanation, rebuild=(_blocked_result, (references,)))


def _unblocked_result():
    return _UNBLOCKED


_UNBLOCKED = CriterionResult(
    LAW_ENFORCEMENT_RULE,
    True,
    _(
        "No other eligible applicant serves the same communities or counties, so this law-enforcement "
        "agency may be funded."
    ),
    rebuild=(_unblocked_result, ()),
)
