"""Funding decisions, finalizing them into awards, amendments and award status.

Every limit the statute and the round set is checked here, so neither the pages nor a crafted request can
go around them: only eligible applications are awarded, the round's award cap and budget hold, an amount
above the request needs a reason, and nothing changes once the round's decisions are final.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import notify

from ..lifecycles.awards import ACTION_FOR_STATUS, AWARD, budget_refusal
from ..models import Application, Award, AwardAmendment, AwardDecision, FundingRound, Membership
from ..permissions import check_permission
from ..programs import definition_for
from ..rank_order import passed_over
from ..selectors.eligibility import round_outcomes
from ..selectors.reviews import rank_positions
from .budgets import ensure_budget_lines
from .errors import ServiceError
from .reporting_periods import ensure_reporting_periods

Outcome = AwardDecision.Outcome


def _lock_round(funding_round):
    return FundingRound.objects.select_for_update().get(pk=funding_round.pk)


def _refuse_if_finalized(funding_round):
    if funding_round.is_finalized:
        raise ServiceError(
            _("The decisions of %(round)s are final and can no longer change.") % {"round": funding_round}
        )


def _money(value):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ServiceError(_("Enter the amount as a number of dollars.")) from error
    return amount


def _check_award(application, amount, reason, outcomes, funding_round, excluding_id=None):
    """The rules an award decision must meet; raises ServiceError with the first one broken."""
    outcome = outcomes.get(application.pk)
    if application.status != Application.Status.SUBMITTED or outcome is None or not outcome.is_eligible:
        raise ServiceError(
            _("%(reference)s is not eligible, so it cannot be awarded.")
            % {"reference": application.reference}
        )
    if amount is None or amount <= 0:
        raise ServiceError(_("Enter an award amount greater than zero."))
    requested = application.requested_amount
    if requested is not None and amount > requested and not reason:
        raise ServiceError(
            _("The amount is more than the %(requested)s requested: give a reason.")
            % {"requested": f"${requested:,.2f}"}
        )
    others = AwardDecision.objects.filter(
        application__funding_round=funding_round, outcome=Outcome.AWARD
    ).exclude(application_id=excluding_id)
    if funding_round.award_cap is not None and others.count() + 1 > funding_round.award_cap:
        raise ServiceError(
            _("This round allows at most %(cap)s awards, and %(count)s are already decided.")
            % {"cap": funding_round.award_cap, "count": others.count()}
        )
    committed = others.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if funding_round.budget and committed + amount > funding_round.budget:
        raise ServiceError(
            _(
                "This award would bring the round to %(total)s, over its budget of %(budget)s "
                "(%(left)s is left)."
            )
            % {
                "total": f"${committed + amount:,.2f}",
                "budget": f"${funding_round.budget:,.2f}",
                "left": f"${max(funding_round.budget - committed, Decimal('0')):,.2f}",
            }
        )


def _check_rank_order(application, outcome, rationale, outcomes, funding_round):
    """A decision that departs from the ranking order needs a rationale (grants.rank_order)."""
    ranks = rank_positions(funding_round, outcomes=outcomes)
    decided = dict(
        AwardDecision.objects.filter(application__funding_round=funding_round)
        .exclude(application=application)
        .values_list("application_id", "outcome")
    )
    passed = passed_over(application.pk, outcome, ranks, decided)
    if passed and not rationale:
        references = dict(Application.objects.filter(pk__in=passed[:5]).values_list("pk", "reference"))
        raise ServiceError(
            _(
                "This decision departs from the ranking order (%(reference)s is ranked %(rank)s; it passes over "
                "%(others)s): give the rationale."
            )
            % {
                "reference": application.reference,
                "rank": ranks[application.pk],
                "others": ", ".join(f"{references[pk]} (#{ranks[pk]})" for pk in passed[:5]),
            }
        )
    return bool(passed)


@transaction.atomic
def record_decision(application, *, by, outcome, amount=None, reason="", rationale=""):
    """Record or change staff's decision on an application, until the round's decisions are final.

    A decision out of the ranking order needs a ``rationale``; it is kept on the decision."""
    check_permission("decision.record", by, application)
    funding_round = _lock_round(application.funding_round)
    _refuse_if_finalized(funding_round)
    application = Application.objects.select_related("organization").get(pk=application.pk)
    reason = (reason or "").strip()
    rationale = (rationale or "").strip()
    outcomes = round_outcomes(funding_round)
    if outcome == Outcome.AWARD:
        amount = _money(amount)
        _check_award(
            application,
            amount,
            reason,
            outcomes,
            funding_round,
            excluding_id=application.pk,
        )
    elif outcome == Outcome.DECLINE:
        if not reason:
            raise ServiceError(_("Give the reason for declining this application."))
        amount = None
    else:
        raise ServiceError(_("Choose to award or to decline."))
    _check_rank_order(application, outcome, rationale, outcomes, funding_round)
    decision = AwardDecision.objects.filter(application=application).first() or AwardDecision(
        application=application
    )
    decision.outcome = outcome
    decision.amount = amount
    decision.reason = reason
    decision.rationale = rationale
    decision.decided_by = by
    decision._change_reason = f"Decision by {by.email}: {outcome}"
    decision.save()
    return decision


@transaction.atomic
def finalize_decisions(funding_round, *, by):
    """Make the round's decisions final: each award decision becomes an award with its reporting schedule,
    and every applicant with a decision is told in their language."""
    check_permission("round.finalize", by, funding_round)
    funding_round = _lock_round(funding_round)
    _refuse_if_finalized(funding_round)
    decisions = list(
        AwardDecision.objects.filter(application__funding_round=funding_round)
        .select_related("application__organization")
        .prefetch_related("application__counties")
        .order_by("application__reference")
    )
    awarded = [d for d in decisions if d.outcome == Outcome.AWARD]
    if funding_round.min_awards and len(awarded) < funding_round.min_awards:
        raise ServiceError(
            _("This round needs at least %(min)s awards before it can be finalized; %(count)s are decided.")
            % {"min": funding_round.min_awards, "count": len(awarded)}
        )
    if not awarded:
        raise ServiceError(_("Decide at least one award before finalizing."))
    if not (funding_round.period_start and funding_round.period_end):
        raise ServiceError(
            _("Set the round's funding period first: it becomes the awards' period of performance.")
        )
    # Eligibility can change after a decision (a withdrawal, an override): check everything again.
    outcomes = round_outcomes(funding_round)
    for decision in awarded:
        outcome = outcomes.get(decision.application_id)
        if decision.application.status != Application.Status.SUBMITTED or not (
            outcome and outcome.is_eligible
        ):
            raise ServiceError(
                _("%(reference)s is no longer eligible: change its decision first.")
                % {"reference": decision.application.reference}
            )
    if funding_round.award_cap is not None and len(awarded) > funding_round.award_cap:
        raise ServiceError(_("There are more awards than the round allows."))
    total = sum((d.amount for d in awarded), Decimal("0"))
    if funding_round.budget and total > funding_round.budget:
        raise ServiceError(_("The awards add up to more than the round's budget."))

    prefix = definition_for(funding_round).contract_prefix(funding_round)
    used = Award.objects.filter(contract_number__startswith=prefix).count()
    awards = []
    for number, decision in enumerate(awarded, start=used + 1):
        application = decision.application
        award = Award(
            funding_round=funding_round,
            application=application,
            organization=application.organization,
            contract_number=f"{prefix}{number:03d}",
            amount=decision.amount,
            period_start=funding_round.period_start,
            period_end=funding_round.period_end,
            status=Award.Status.ACTIVE,
        )
        award._change_reason = f"Decisions finalized by {by.email}"
        award.save()
        award.counties.set(application.counties.all())
        ensure_reporting_periods(award)
        ensure_budget_lines(award)
        awards.append(award)
    funding_round.decisions_finalized_at = timezone.now()
    funding_round.decisions_finalized_by = by
    funding_round._change_reason = f"Decisions finalized by {by.email}"
    funding_round.save()
    for decision in decisions:
        _notify_decision(decision, funding_round)
    return awards


def _notify_decision(decision, funding_round):
    application = decision.application
    award = getattr(application, "award", None)
    context = {
        "organization": application.organization.legal_name,
        "reference": application.reference,
        "round": funding_round.name,
        "is_award": decision.outcome == Outcome.AWARD,
        "amount": f"{decision.amount:,.2f}" if decision.amount is not None else "",
        "reason": decision.reason if decision.outcome == Outcome.DECLINE else "",
        "contract_number": award.contract_number if award else "",
    }
    members = Membership.objects.filter(organization=application.organization, is_active=True).select_related(
        "user"
    )
    recipients = [(m.user.email, m.user) for m in members]
    if not recipients and application.organization.contact_email:
        recipients = [(application.organization.contact_email, None)]
    for email, user in recipients:
        notify(
            template="award_decision",
            email=email,
            recipient=user,
            context=context,
            dedupe_key=f"award-decision:{application.pk}:{email.lower()}",
        )


@transaction.atomic
def amend_award(award, *, by, reason, amount=None, period_start=None, period_end=None):
    """Change an award's amount or period of performance; the reason is required and the history kept.

    An active (or ended) award only, and the round's awards may not go over its budget; the reporting
    schedule follows an amended period.
    """
    check_permission("award.amend", by, award)
    _lock_round(award.funding_round)  # two amendments at once cannot both spend the last of the budget
    award = Award.objects.select_for_update().select_related("funding_round").get(pk=award.pk)
    AWARD.check(award, "amend")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the amendment."))
    new_amount = award.amount if amount in (None, "") else _money(amount)
    new_start = period_start or award.period_start
    new_end = period_end or award.period_end
    if new_amount <= 0:
        raise ServiceError(_("Enter an award amount greater than zero."))
    if new_start >= new_end:
        raise ServiceError(_("The period of performance must end after it starts."))
    if (new_amount, new_start, new_end) == (award.amount, award.period_start, award.period_end):
        raise ServiceError(_("Nothing changed: enter a new amount or a new period."))
    if new_amount > award.amount:
        reason_refused = budget_refusal(award, new_amount)
        if reason_refused:
            raise ServiceError(reason_refused)
    budgeted = award.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if new_amount < budgeted:
        # The budget by line never adds up to more than the award: lower the lines first, with their reason.
        raise ServiceError(
            _("The budget lines add up to %(total)s: lower them first (Budget by line), then the award.")
            % {"total": f"${budgeted:,.2f}"}
        )
    amendment = AwardAmendment.objects.create(
        award=award,
        previous_amount=award.amount,
        new_amount=new_amount,
        previous_period_start=award.period_start,
        previous_period_end=award.period_end,
        new_period_start=new_start,
        new_period_end=new_end,
        reason=reason,
        amended_by=by,
    )
    award.amount = new_amount
    award.period_start = new_start
    award.period_end = new_end
    award._change_reason = f"Amended by {by.email}: {reason}"
    award.save()
    ensure_reporting_periods(award)
    return amendment


@transaction.atomic
def change_award_status(award, *, by, status, reason):
    """Close or terminate an award (or make it active again), with the reason in its history.

    The award lifecycle (grants.lifecycles.awards) says which change is allowed from the current state;
    making a terminated award active again must fit in the round's budget.
    """
    check_permission("award.change_status", by, award)
    _lock_round(award.funding_round)
    award = Award.objects.select_for_update().select_related("funding_round").get(pk=award.pk)
    reason = (reason or "").strip()
    if status not in Award.Status.values:
        raise ServiceError(_("Choose a status."))
    if not reason:
        raise ServiceError(_("Give the reason for the change of status."))
    if status == award.status:
        raise ServiceError(_("The award already has this status."))
    award.status = AWARD.check(award, ACTION_FOR_STATUS[status])
    award._change_reason = f"Status {status} by {by.email}: {reason}"
    award.save()
    return award
