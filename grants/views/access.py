"""The one decorator every signed-in page uses: the permission map (grants.permissions) applied to a request.

``permission_required(action, get_object=None)``:
- an anonymous visitor is sent to sign in;
- ``get_object(request, **url_kwargs)`` loads the object the rule is about (a 404 when there is none);
- a refusal is a 403 page showing the reason, or a 404 when the object belongs to another organization;
- Commerce staff (program managers, reviewers) must have passed the MFA gate, or are sent to set it up.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.mfa import is_mfa_satisfied, mfa_required_response

from ..models import (
    Application,
    Award,
    Invoice,
    InvoiceAttachment,
    Organization,
    ReportingPeriod,
    ReviewAssignment,
)
from ..permissions import has_permission


def back_url(request, default):
    """Where a POST form sends the person back to: its ``next`` field when that is a page of this site (a
    filtered, paged list), else ``default``."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default


def refusal_response(request, action, obj=None):
    """None when the request may go on; otherwise the response (or exception) that refuses it."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    permission = has_permission(action, user, obj)
    if not permission:
        if permission.is_hidden:
            raise Http404(permission.reason)
        raise PermissionDenied(permission.reason)
    if user.is_commerce_staff and not is_mfa_satisfied(request):
        return mfa_required_response(request)
    return None


def permission_required(action, get_object=None):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            refusal = refusal_response(request, action, obj)
            return refusal or view(request, *args, **kwargs)

        wrapper.permission_action = action
        return wrapper

    return decorator


# get_object functions: the object a URL names, for object-level rules (404 when there is none).
def application_in_url(request, application_id, **kwargs):
    return get_object_or_404(Application.objects.select_related("funding_round"), pk=application_id)


def organization_in_url(request, organization_id, **kwargs):
    return get_object_or_404(Organization, pk=organization_id)


def period_in_url(request, period_id, **kwargs):
    return get_object_or_404(ReportingPeriod.objects.select_related("award"), pk=period_id)


def award_in_url(request, award_id, **kwargs):
    return get_object_or_404(Award, pk=award_id)


def assignment_in_url(request, assignment_id, **kwargs):
    return get_object_or_404(ReviewAssignment, pk=assignment_id)


def invoice_in_url(request, invoice_id, **kwargs):
    return get_object_or_404(Invoice.objects.select_related("award"), pk=invoice_id)


def invoice_attachment_in_url(request, attachment_id, **kwargs):
    return get_object_or_404(
        InvoiceAttachment.objects.select_related("invoice__award"), pk=attachment_id, removed_at__isnull=True
    )
