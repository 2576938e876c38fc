"""Whether a user has multi-factor authentication set up (allauth MFA)."""

from allauth.mfa.models import Authenticator


def has_mfa(user):
    """True when the user has an authenticator app (TOTP) activated."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
