"""Whether a user has multi-factor authentication set up (allauth MFA)."""

from allauth.mfa.models import Authenticator


def has_mfa(user):
    """True when the user has an authenticator app (TOTP) activated."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_mfa_satisfied(request):
    """True when this request may reach a page that needs a second factor.

    The one place the staff gate asks; today it checks that an authenticator exists (issue "Security and
    reliability" makes it check that this session entered a code).
    """
    return has_mfa(request.user)
