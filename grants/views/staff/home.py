"""Where signed-in people land: the dashboard redirect, the staff home and the audit log.

They live in grants (not portal) because they are gated by the permission map; portal stays below grants.
"""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.audit import recent_changes

from ...selectors.work_queue import reviewer_queue, statutory_deadlines, work_queue
from ..access import permission_required


@permission_required("dashboard.view")
def dashboard(request):
    """Send each person to the page where their work is."""
    user = request.user
    if user.is_program_manager:
        return redirect("grants:staff_home")
    if user.is_reviewer:
        return redirect("grants:reviewer_home")
    if user.is_fiscal:
        return redirect("grants:staff_invoices")
    return redirect("grants:applicant_home")


@permission_required("staff.home")
def staff_home(request):
    """The work queue: what waits for this member of staff, each count linking to its list."""
    user = request.user
    context = {"reviewer": reviewer_queue(user)}
    if user.is_program_manager:
        context.update(sections=work_queue(user), **statutory_deadlines())
    return render(request, "portal/staff_home.html", context)


@permission_required("audit.view")
def audit_log(request):
    changes = recent_changes(search=request.GET.get("q", "").strip())
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_log.html",
        {"page": page, "q": request.GET.get("q", ""), "title": _("Audit log")},
    )
