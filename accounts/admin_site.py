"""The Django admin behind the same door as the staff pages: allauth's sign-in with its second factor.

Django's own admin login form checks a password only. Its login URL is turned into a redirect to allauth's
sign-in (which asks for the authenticator code and a verified email), and every admin view asks the same
``is_mfa_satisfied`` as the staff pages, so a password-only session never opens the admin.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .mfa import is_mfa_satisfied, mfa_required_response


def admin_has_permission(request):
    """Active Django-staff accounts whose session entered a second factor."""
    user = request.user
    return user.is_active and user.is_staff and is_mfa_satisfied(request)


def admin_login(request, extra_context=None):
    """Replaces the admin's password form: sign in through allauth, then come back."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url)
    if not is_mfa_satisfied(request):
        return mfa_required_response(request)
    if not (user.is_active and user.is_staff):
        raise PermissionDenied(_("The administration site is for Commerce administrators only."))
    return redirect(next_url)


def guard_admin_site(site=admin.site):
    site.has_permission = admin_has_permission
    site.login = admin_login
