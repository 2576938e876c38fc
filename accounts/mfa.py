"""Multi-factor authentication (allauth MFA): whether a user has it, and whether this session used it."""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# allauth records each step of a sign-in in the session ("password", "mfa", …); "mfa" is written by its
# second-factor stage (allauth.mfa.base.internal.flows.post_authentication) when a code was accepted.
MFA_METHOD = "mfa"


def has_mfa(user):
    """True when the user has an authenticator app (TOTP) activated."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_mfa(request):
    """True when THIS session entered a second-factor code (at sign-in, re-authentication or set-up)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == MFA_METHOD for record in get_authentication_records(request, user))


def is_mfa_satisfied(request):
    """True when this request may reach a page that needs a second factor.

    The one place every staff gate (and the Django admin) asks: the account has an authenticator app and this
    session entered one of its codes. A password alone — by any sign-in route — is never enough.
    """
    return session_used_mfa(request) and has_mfa(request.user)


def mfa_required_response(request):
    """Where a signed-in person goes when this session lacks the second factor.

    With an authenticator: enter a code now (allauth's re-authentication, which records "mfa" for the session).
    Without one: set one up (activating it means entering a code, which counts for this session).
    """
    next_url = request.get_full_path()
    if has_mfa(request.user):
        messages.warning(request, _("Enter the code from your authenticator app to continue."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    messages.warning(
        request,
        _("Commerce staff accounts must use an authenticator app. Set it up to continue."),
    )
    return redirect("mfa_activate_totp")


def record_mfa_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator means entering one of its codes: it counts as this session's second factor."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type)
