"""What a grant program is made of, as data: its criteria, rubric, metric catalog, numbering and report labels.

A program package (``grants/programs/clep/``) builds one ``ProgramDefinition``; the eligibility engine, the
services, the forms and the reports read it, so a second program is a new package, not edits across the portal.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Criterion:
    """One eligibility criterion: what it reads from an application, and its verdict on that.

    ``inputs(facts, rules)`` returns a tuple of everything the result depends on; ``judge(*inputs)`` returns
    ``(passed, explanation)``. Equal inputs give the same result, so the engine builds each result once per
    distinct inputs (a round of thousands of applications shares a handful of them).
    """

    code: str
    label: str  # plain English, for the reports to the Legislature
    inputs: Callable
    judge: Callable
    results: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class ProgramDefinition:
    slug: str
    name: str
    statute: str
    criteria: Mapping  # code -> Criterion, in the statute's order
    # Labels of verdicts the engine adds across a round (the law-enforcement rule), for the reports.
    round_rule_labels: Mapping
    rubric: list
    metric_catalog: list
    categories: Mapping  # category code -> {language: label}
    report_titles: Mapping  # report kind -> title
    contract_prefix: Callable  # funding round -> "CLEP-21-"
    reference_prefix: Callable  # funding round -> "CLEP21"

    @property
    def criterion_codes(self):
        return tuple(self.criteria)

    def criterion_label(self, code):
        criterion = self.criteria.get(code)
        return criterion.label if criterion else self.round_rule_labels.get(code, code)

    def category_label(self, category, language="en"):
        texts = self.categories.get(category)
        if not texts:
            return category.replace("_", " ").capitalize()
        return texts.get(language) or texts["en"]

    def report_title(self, kind):
        return f"{self.report_titles[kind]}: {self.name}"

    def rules_problems(self, rules):
        """What is wrong with a round's eligibility rules (``FundingRound.rules``), in words staff understand.

        The shape is ``{"required": [code, ...], "any_of": [[code, code, ...], ...]}``; both keys are optional
        and an empty configuration requires every criterion.
        """
        if rules in (None, {}):
            return []
        if not isinstance(rules, dict):
            return [_("The rules must be an object with the keys “required” and “any_of”.")]
        problems = []
        unknown_keys = sorted(set(rules) - {"required", "any_of"})
        if unknown_keys:
            problems.append(
                _("Unknown key(s) in the rules: %(keys)s. Use “required” and “any_of”.")
                % {"keys": ", ".join(map(str, unknown_keys))}
            )
        known = self.criterion_codes
        required = rules.get("required", list(known))
        any_of = rules.get("any_of", [])
        if not isinstance(required, list) or not all(isinstance(code, str) for code in required):
            problems.append(_("“required” must be a list of criterion codes."))
            required = []
        else:
            problems += self._code_problems(required, known)
            if len(set(required)) != len(required):
                problems.append(_("A criterion is listed twice in “required”."))
        if not isinstance(any_of, list):
            problems.append(_("“any_of” must be a list of groups of criterion codes."))
            any_of = []
        for number, group in enumerate(any_of, start=1):
            if not isinstance(group, list) or not all(isinstance(code, str) for code in group):
                problems.append(
                    _("Group %(number)s of “any_of” must be a list of criterion codes.") % {"number": number}
                )
                continue
            if len(set(group)) < 2:
                problems.append(
                    _("Group %(number)s of “any_of” must offer at least two different criteria.")
                    % {"number": number}
                )
            if len(set(group)) != len(group):
                problems.append(
                    _("A criterion is listed twice in group %(number)s of “any_of”.") % {"number": number}
                )
            problems += self._code_problems(group, known)
            overlap = sorted(set(group) & set(required))
            if overlap:
                problems.append(
                    _("%(codes)s in group %(number)s of “any_of” is already required.")
                    % {"codes": ", ".join(overlap), "number": number}
                )
        if not problems and not required and not any_of:
            problems.append(_("The rules check no criterion at all: require at least one."))
        return problems

    def _code_problems(self, codes, known):
        unknown = [code for code in codes if code not in known]
        if not unknown:
            return []
        return [
            _("Unknown criterion code(s): %(codes)s. The criteria are: %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(known)}
        ]
