"""Pages for everyone: the home page, the signed-in landing, the accessibility statement, the audit log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import reviewer_required, staff_required
from grants.selectors.work_queue import reviewer_queue, statutory_deadlines, work_queue

from .audit import recent_changes


def home(request):
    return render(request, "portal/home.html")


@login_required
def dashboard(request):
    """Send each person to the page where their work is."""
    user = request.user
    if user.is_program_manager:
        return redirect("portal:staff_home")
    if user.is_reviewer:
        return redirect("grants:reviewer_home")
    return redirect("grants:applicant_home")


def accessibility(request):
    return render(request, "portal/accessibility.html")


@reviewer_required
def staff_home(request):
    """The work queue: what waits for this member of staff, each count linking to its list."""
    user = request.user
    context = {"reviewer": reviewer_queue(user)}
    if user.is_program_manager:
        context.update(sections=work_queue(user), **statutory_deadlines())
    return render(request, "portal/staff_home.html", context)


@staff_required
def audit_log(request):
    changes = recent_changes(search=request.GET.get("q", "").strip())
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_log.html",
        {"page": page, "q": request.GET.get("q", ""), "title": _("Audit log")},
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "csrf_failure.html", status=403)
