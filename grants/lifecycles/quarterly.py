"""The quarterly report lifecycle: draft → submitted → accepted, or returned for revision and resubmitted.

A grantee edits a draft or a returned report; staff accept or return a submitted one; a bulk import writes a
report in any state as a submitted version (importing the same values again changes nothing).
"""

from django.utils.translation import gettext_lazy as _

from ..models import QuarterlyReport
from . import Lifecycle, Transition

Status = QuarterlyReport.Status
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

QUARTERLY_REPORT = Lifecycle(
    name="quarterly report",
    verbose_name=_("report"),
    states={status: status.label for status in Status},
    transitions=(
        Transition(
            "edit",
            EDITABLE,
            None,
            _("Edit"),
            refused=_("This report was sent to Commerce and can no longer be changed."),
        ),
        Transition("submit", frozenset({Status.DRAFT}), Status.SUBMITTED, _("Submit")),
        Transition("resubmit", frozenset({Status.RETURNED}), Status.SUBMITTED, _("Submit again")),
        Transition("accept", frozenset({Status.SUBMITTED}), Status.ACCEPTED, _("Accept")),
        Transition("return", frozenset({Status.SUBMITTED}), Status.RETURNED, _("Return for revision")),
        Transition("import", frozenset(Status), Status.SUBMITTED, _("Import")),
    ),
    model=QuarterlyReport,
)


def send_action(report):
    """The grantee's sending action from the report's state: submit a draft, resubmit a returned report."""
    return "resubmit" if report.status == Status.RETURNED else "submit"
