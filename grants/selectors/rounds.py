"""Reads for round set-up: how a change of rules or counties would move the eligibility of the round's
applications, before it is saved. Uses the eligibility engine on the round's current application facts."""

from dataclasses import dataclass

from ..eligibility import RoundRules, evaluate_round
from ..models import Application
from .applications import outcome_code
from .eligibility import application_facts, round_rules


@dataclass(frozen=True)
class EligibilityMove:
    id: int
    reference: str
    organization: str
    before: str  # eligible, not_eligible, blocked (grants.selectors.applications.outcome_code)
    after: str


@dataclass(frozen=True)
class RulePreview:
    moves: list  # only the applications whose outcome changes, by reference
    eligible_before: int
    eligible_after: int
    submitted: int

    @property
    def gained(self):
        return sum(1 for m in self.moves if m.after == "eligible")

    @property
    def lost(self):
        return sum(1 for m in self.moves if m.before == "eligible")


def rule_change_preview(funding_round, rules, county_fips):
    """The round's submitted applications evaluated under its current rules and under ``rules`` with the
    eligible ``county_fips``: which ones would change outcome (the law-enforcement rule included, since an
    application that gains or loses eligibility can block or free an agency)."""
    facts = application_facts(funding_round)
    current = evaluate_round(facts, round_rules(funding_round))
    proposed = evaluate_round(facts, RoundRules.from_config(rules, county_fips))
    moves = []
    submitted = 0
    for fact in facts:
        if fact.status != Application.Status.SUBMITTED:
            continue
        submitted += 1
        before, after = outcome_code(current[fact.id]), outcome_code(proposed[fact.id])
        if before != after:
            moves.append(EligibilityMove(fact.id, fact.reference, fact.organization, before, after))
    moves.sort(key=lambda m: m.reference)
    return RulePreview(
        moves=moves,
        eligible_before=sum(1 for f in facts if current[f.id].is_eligible),
        eligible_after=sum(1 for f in facts if proposed[f.id].is_eligible),
        submitted=submitted,
    )
