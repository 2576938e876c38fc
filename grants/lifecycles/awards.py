"""The award lifecycle: active, closed, terminated — and "ended", derived when the period of performance is over.

"Ended" is not stored: an active award whose period of performance ended before today shows as Ended on every
page, export and command, and nobody has to remember to flip it. Staff still close it (or extend it by an
amendment). An amendment may not take the round over its budget.

The round's committed money is the sum of its awards' amounts except terminated awards: terminating a contract
de-obligates it (Commerce re-awards the balance), and the coverage figures leave terminated awards out too, so
counting them would make the budget and the coverage disagree. Closed and ended awards stay counted: that money
was spent. Reactivating a terminated award therefore has to fit in the budget again.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Award
from . import Lifecycle, Transition

Status = Award.Status
ENDED = "ended"


def award_state(award, today=None):
    return state_from(award.status, award.period_end, today)


def state_from(status, period_end, today=None):
    """The state people see from the stored status and the period's end (for rows read with values_list)."""
    today = today or timezone.localdate()
    if status == Status.ACTIVE and period_end and period_end < today:
        return ENDED
    return status


def committed_in_round(funding_round, *, excluding=None):
    """The money the round's awards hold: every award but the terminated ones (see the module docstring)."""
    awards = Award.objects.filter(funding_round=funding_round).exclude(status=Status.TERMINATED)
    if excluding is not None:
        awards = awards.exclude(pk=excluding.pk)
    return awards.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def budget_refusal(award, new_amount):
    """None when ``award`` may hold ``new_amount`` within its round's budget, else the reason it may not."""
    funding_round = award.funding_round
    if not funding_round.budget:
        return None
    others = committed_in_round(funding_round, excluding=award)
    if others + new_amount <= funding_round.budget:
        return None
    return _(
        "This would bring the awards of %(round)s to %(total)s, over its budget of %(budget)s "
        "(%(left)s is left for this award)."
    ) % {
        "round": funding_round,
        "total": f"${others + new_amount:,.2f}",
        "budget": f"${funding_round.budget:,.2f}",
        "left": f"${max(funding_round.budget - others, Decimal('0')):,.2f}",
    }


def _fits_budget_again(award):
    return budget_refusal(award, award.amount)


ACTIVE_OR_ENDED = frozenset({Status.ACTIVE, ENDED})

AWARD = Lifecycle(
    name="award",
    verbose_name=gettext_lazy("award"),
    states={
        Status.ACTIVE: Status.ACTIVE.label,
        ENDED: gettext_lazy("Ended"),
        Status.CLOSED: Status.CLOSED.label,
        Status.TERMINATED: Status.TERMINATED.label,
    },
    transitions=(
        # The amount's budget check needs the new amount: amend_award asks budget_refusal itself.
        Transition("amend", ACTIVE_OR_ENDED, None, gettext_lazy("Amend")),
        Transition("close", ACTIVE_OR_ENDED, Status.CLOSED, gettext_lazy("Close")),
        Transition("terminate", ACTIVE_OR_ENDED, Status.TERMINATED, gettext_lazy("Terminate")),
        Transition(
            "reactivate",
            frozenset({Status.CLOSED, Status.TERMINATED}),
            Status.ACTIVE,
            gettext_lazy("Make active again"),
            (_fits_budget_again,),
        ),
    ),
    state_of=award_state,
    model=Award,
)

# The stored status each status-changing action writes (the form offers the statuses reachable now).
ACTION_FOR_STATUS = {Status.CLOSED: "close", Status.TERMINATED: "terminate", Status.ACTIVE: "reactivate"}


def reachable_statuses(award):
    """(status, label) pairs the award may be moved to now, for the status form."""
    return [
        (status, Status(status).label)
        for status, action in ACTION_FOR_STATUS.items()
        if AWARD.can(award, action)
    ]
