"""The lifecycle of a reimbursement invoice: draft → submitted → approved → paid, or back to the grantee.

A returned invoice is corrected and submitted again; a manager's reductions are recorded per line with
their reason when approving; payment is released by a fiscal officer (the two-person rule lives in the
permission map, grants.permissions, since it depends on who acts).
"""

from django.utils.translation import gettext_lazy as _

from ..models import Invoice
from . import Lifecycle, Transition

S = Invoice.Status

INVOICE = Lifecycle(
    name="invoice",
    states=dict(S.choices),
    transitions=(
        Transition("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, _("Submit")),
        Transition("return", frozenset({S.SUBMITTED}), S.RETURNED, _("Return for correction")),
        Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED, _("Approve")),
        Transition("release_payment", frozenset({S.APPROVED}), S.PAID, _("Release payment")),
    ),
)

EDITABLE = frozenset({S.DRAFT, S.RETURNED})
