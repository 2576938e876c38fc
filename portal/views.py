"""Pages for everyone: the home page, the accessibility statement and the error pages."""

from django.shortcuts import render

from .errors import FileMissing


def home(request):
    return render(request, "portal/home.html")


def accessibility(request):
    return render(request, "portal/accessibility.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def page_not_found(request, exception=None):
    # Only messages written for people are shown; Django's own 404 messages name models and queries.
    reason = str(exception) if isinstance(exception, FileMissing) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "csrf_failure.html", status=403)
