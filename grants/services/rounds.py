"""Setting up funding rounds without a developer: create one from a previous round, change its settings,
open and close it. Every change is kept in the round's history with who and why (django-simple-history).

A round is open for applications from ``opens_on`` to ``closes_on`` inclusive; the one rule that reads those
dates is ``FundingRound.is_open_for_applications``. Opening and closing explicitly set the dates, so
there is no second flag that could disagree with them.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import County, FundingRound, Metric, RubricCriterion
from ..permissions import check_permission
from ..programs import program_definition
from ..programs.clep.criteria import CRITERIA
from .errors import ServiceError

# The settings staff can change on a round (besides its counties and service areas).
SETTINGS = (
    "name",
    "opens_on",
    "closes_on",
    "period_start",
    "period_end",
    "is_statewide",
    "award_cap",
    "min_awards",
    "budget",
    "rules",
    "report_due_days",
    "reminder_days_before",
)
RUBRIC_FIELDS = ("code", "label", "description", "max_score", "weight", "order")
METRIC_FIELDS = (
    "code",
    "category",
    "label",
    "help_text",
    "kind",
    "is_required",
    "min_value",
    "max_value",
    "order",
)


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why: the round's history keeps the reason with the change."))
    return reason


def check_rules(rules, program):
    """The eligibility rules of a round, checked against its program's definition (the one rule check)."""
    problems = program_definition(program.slug).rules_problems(rules)
    if problems:
        raise ServiceError(" ".join(str(problem) for problem in problems))
    required = list(rules.get("required", []))
    if "service_area" not in required:
        # RCW 43.330.545(1): grants go to the round's eligible areas; the service area is never optional.
        raise ServiceError(_("The service area criterion is always required."))
    return {"required": required, "any_of": [list(group) for group in rules.get("any_of", [])]}


def _check_dates(values):
    opens_on, closes_on = values.get("opens_on"), values.get("closes_on")
    if opens_on and closes_on and closes_on < opens_on:
        raise ServiceError(_("Applications close before they open."))
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        raise ServiceError(_("The funding period ends before it starts."))
    cap, minimum = values.get("award_cap"), values.get("min_awards")
    if cap is not None and minimum is not None and minimum > cap:
        raise ServiceError(_("The minimum number of awards is above the maximum."))


def _set_counties(funding_round, counties, service_areas):
    """A statewide round is eligible in every county; a listed round in the counties of its areas plus any
    counties named on their own."""
    service_areas = list(service_areas or [])
    funding_round.service_areas.set(service_areas)
    if funding_round.is_statewide:
        eligible = list(County.objects.all())
    else:
        eligible = {c for area in service_areas for c in area.counties.all()} | set(counties or [])
        if not eligible:
            raise ServiceError(
                _("Choose the eligible counties or service areas, or make the round statewide.")
            )
    funding_round.eligible_counties.set(eligible)


@transaction.atomic
def create_round_from(
    previous,
    *,
    by,
    slug,
    reason,
    counties=None,
    service_areas=None,
    copy_rubric=True,
    copy_metrics=True,
    **values,
):
    """A new round with ``previous``'s settings, rubric and metric catalog, changed by ``values``.

    ``values`` are any of SETTINGS; ``counties``/``service_areas`` default to the previous round's.
    """
    check_permission("round.manage", by)
    reason = _require_reason(reason)
    slug = (slug or "").strip()
    if not slug:
        raise ServiceError(_("Give the new round a short name for its address, e.g. clep-2027."))
    if FundingRound.objects.filter(slug=slug).exists():
        raise ServiceError(_("A round with the address %(slug)s already exists.") % {"slug": slug})
    settings = {name: getattr(previous, name) for name in SETTINGS}
    settings.update({k: v for k, v in values.items() if k in SETTINGS})
    settings["rules"] = check_rules(
        settings["rules"] or {"required": list(CRITERIA), "any_of": []}, previous.program
    )
    _check_dates(settings)
    funding_round = FundingRound(program=previous.program, slug=slug, **settings)
    funding_round._change_reason = f"Created from {previous.slug} by {by.email}: {reason}"
    funding_round._history_user = by
    funding_round.save()
    _set_counties(
        funding_round,
        counties if counties is not None else previous.eligible_counties.all(),
        service_areas if service_areas is not None else previous.service_areas.all(),
    )
    if copy_rubric:
        for criterion in RubricCriterion.objects.filter(funding_round=previous).order_by("order", "pk"):
            copy = RubricCriterion(
                funding_round=funding_round, **{f: getattr(criterion, f) for f in RUBRIC_FIELDS}
            )
            copy._change_reason = f"Copied from {previous.slug} with the new round"
            copy.save()
    if copy_metrics:
        for metric in Metric.objects.filter(funding_round=previous).order_by("order", "pk"):
            copy = Metric(funding_round=funding_round, **{f: getattr(metric, f) for f in METRIC_FIELDS})
            copy._change_reason = f"Copied from {previous.slug} with the new round"
            copy.save()
    return funding_round


def _refuse_if_finalized(funding_round):
    if funding_round.is_finalized:
        raise ServiceError(
            _("The decisions of %(round)s are final: its settings can no longer change.")
            % {"round": funding_round}
        )


@transaction.atomic
def update_round(funding_round, *, by, reason, counties=None, service_areas=None, **values):
    """Change a round's settings (any of SETTINGS), counties and areas, with the reason kept in its history."""
    check_permission("round.manage", by)
    reason = _require_reason(reason)
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    _refuse_if_finalized(funding_round)
    changes = {k: v for k, v in values.items() if k in SETTINGS}
    if "rules" in changes:
        changes["rules"] = check_rules(changes["rules"], funding_round.program)
    _check_dates({**{name: getattr(funding_round, name) for name in SETTINGS}, **changes})
    for name, value in changes.items():
        setattr(funding_round, name, value)
    funding_round._change_reason = f"Settings changed by {by.email}: {reason}"
    funding_round._history_user = by
    funding_round.save()
    if counties is not None or service_areas is not None or "is_statewide" in changes:
        _set_counties(
            funding_round,
            counties if counties is not None else [],
            service_areas if service_areas is not None else funding_round.service_areas.all(),
        )
    return funding_round


@transaction.atomic
def open_round(funding_round, *, by, reason, closes_on=None, today=None):
    """Open the round for applications from today (until ``closes_on``, if given, else its closing date)."""
    check_permission("round.manage", by)
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    _refuse_if_finalized(funding_round)
    if funding_round.is_open_for_applications(today) and closes_on is None:
        raise ServiceError(_("%(round)s is already open for applications.") % {"round": funding_round})
    closes_on = closes_on or funding_round.closes_on
    if closes_on is not None and closes_on < today:
        raise ServiceError(_("Give a closing date from today on: the current one has passed."))
    if funding_round.opens_on is None or funding_round.opens_on > today:
        funding_round.opens_on = today
    funding_round.closes_on = closes_on
    funding_round._change_reason = f"Opened by {by.email}: {reason}"
    funding_round._history_user = by
    funding_round.save()
    return funding_round


@transaction.atomic
def close_round(funding_round, *, by, reason, today=None):
    """Close the round to applications now: its last day for applications becomes yesterday."""
    check_permission("round.manage", by)
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    if not funding_round.is_open_for_applications(today):
        raise ServiceError(_("%(round)s is not open for applications.") % {"round": funding_round})
    funding_round.closes_on = today - timedelta(days=1)
    if funding_round.opens_on and funding_round.opens_on > funding_round.closes_on:
        funding_round.opens_on = funding_round.closes_on
    funding_round._change_reason = f"Closed by {by.email}: {reason}"
    funding_round._history_user = by
    funding_round.save()
    return funding_round
