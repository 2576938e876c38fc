"""The one-line screening outcome staff read: "Eligible", "Blocked by CLEP21-012 Yakima Valley Unidos (Yakima) —
2 more", "Not eligible: 2 criteria". Computed from the engine's outcome (grants.eligibility), never stored."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Application, County
from .applications import BLOCKED, ELIGIBLE, NOT_ELIGIBLE, outcome_code

WITHDRAWN = "withdrawn"
# How many blocking applications a summary names; the rest are counted.
BLOCKERS_SHOWN = 1
BLOCKERS_LISTED = 5


@dataclass(frozen=True)
class Blocker:
    id: int
    reference: str
    organization: str
    counties: str  # the counties it shares with the blocked application

    def __str__(self):
        return f"{self.reference} {self.organization} ({self.counties})"


@dataclass(frozen=True)
class ScreeningSummary:
    code: str  # eligible, blocked, not_eligible, withdrawn
    heading: str  # "Eligible", "Blocked", "Not eligible", "Withdrawn"
    text: str  # the one line shown in the list
    blockers: tuple  # the first BLOCKERS_LISTED blockers, named with their shared counties
    blockers_more: int  # how many more blockers than listed
    failed: tuple  # failed criteria (results), law-enforcement rule excluded


def county_names():
    """FIPS → county name, for naming counties in summaries (one query)."""
    return dict(County.objects.values_list("fips", "name"))


def _blocker(facts, blocker, names):
    shared = sorted(names.get(f, f) for f in blocker.county_fips & facts.county_fips)
    return Blocker(
        blocker.id, blocker.reference, blocker.organization, ", ".join(shared) or _("same community")
    )


def screening_summary(outcome, names):
    """The list line of one outcome; ``names`` maps FIPS to county names (see county_names())."""
    facts = outcome.facts
    failed = tuple(c for c in outcome.criteria if not c.passed and c.code != "law_enforcement_rule")
    blockers = tuple(_blocker(facts, b, names) for b in outcome.blocked_by[:BLOCKERS_LISTED])
    more = max(len(outcome.blocked_by) - BLOCKERS_LISTED, 0)
    if facts.status == Application.Status.WITHDRAWN:
        return ScreeningSummary(WITHDRAWN, _("Withdrawn"), _("Withdrawn"), blockers, more, failed)
    code = outcome_code(outcome)
    if code == ELIGIBLE:
        text = _("Eligible (staff decision)") if outcome.is_overridden else _("Eligible")
        return ScreeningSummary(ELIGIBLE, _("Eligible"), text, blockers, more, failed)
    if code == BLOCKED:
        others = len(outcome.blocked_by) - BLOCKERS_SHOWN
        text = _("Blocked by %(blocker)s") % {"blocker": blockers[0]}
        if others:
            text += " — " + ngettext("%(count)s more", "%(count)s more", others) % {"count": others}
        return ScreeningSummary(BLOCKED, _("Blocked"), text, blockers, more, failed)
    if outcome.is_overridden:
        text = _("Not eligible (staff decision)")
    elif failed:
        text = ngettext(
            "Not eligible: %(count)s criterion", "Not eligible: %(count)s criteria", len(failed)
        ) % {"count": len(failed)}
    else:
        text = _("Not eligible")
    return ScreeningSummary(NOT_ELIGIBLE, _("Not eligible"), text, blockers, more, failed)
