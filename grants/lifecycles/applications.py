"""The application lifecycle: draft → submitted → withdrawn, and what the applicant sees once a round is decided.

"Funded" and "Not funded" are derived, never stored: a submitted application with an award is funded; once the
round's decisions are final, a submitted application without an award is not funded. A funded application, and
any application of a round whose decisions are final, can no longer be withdrawn: withdrawing it afterwards
would change coverage, counts and the law-enforcement blocker lists of a round that is already decided. Before
the decisions are final a submitted application may still be withdrawn (even with a pending award decision:
finalizing then refuses until staff change that decision).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..models import Application
from . import Lifecycle, Transition

Status = Application.Status
FUNDED = "funded"
NOT_FUNDED = "not_funded"


def has_award(application):
    try:
        return application.award is not None
    except ObjectDoesNotExist:
        return False


def application_state(application):
    """The stored status, or the derived Funded / Not funded of a decided submitted application."""
    if application.status != Status.SUBMITTED:
        return application.status
    if has_award(application):
        return FUNDED
    if application.funding_round.is_finalized:
        return NOT_FUNDED
    return Status.SUBMITTED


def _round_not_final(application):
    if application.funding_round.is_finalized:
        return _("The decisions of this round are final: the application can no longer be withdrawn.")
    return None


def _round_open(application):
    if not application.funding_round.is_open_for_applications():
        return _("This funding round is closed: the application can no longer be submitted.")
    return None


APPLICATION = Lifecycle(
    name="application",
    verbose_name=_("application"),
    states={
        Status.DRAFT: Status.DRAFT.label,
        Status.SUBMITTED: Status.SUBMITTED.label,
        Status.WITHDRAWN: Status.WITHDRAWN.label,
        FUNDED: _("Funded"),
        NOT_FUNDED: _("Not funded"),
    },
    transitions=(
        Transition(
            "edit",
            frozenset({Status.DRAFT}),
            None,
            _("Edit"),
            refused=_("This application was submitted and can no longer be changed."),
        ),
        Transition(
            "submit",
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            _("Submit"),
            (_round_open,),
            refused=_("This application was submitted and can no longer be changed."),
        ),
        Transition(
            "withdraw",
            frozenset({Status.SUBMITTED}),
            Status.WITHDRAWN,
            _("Withdraw"),
            (_round_not_final,),
        ),
    ),
    state_of=application_state,
    model=Application,
)
