"""Demo people for `make run`: an account with a known password, and a known authenticator secret for staff.

Idempotent: an account is found by its email before it is created. The rest of the demo is in grants.demo and
reporting.demo; the top-level ``demo`` app loads it all in order.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from .models import User

DEMO_PASSWORD = "clep-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def demo_user(email, *, role, full_name, language="en"):
    user, created = User.objects.get_or_create(
        email=email, defaults={"role": role, "full_name": full_name, "preferred_language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def with_totp(user):
    """Staff sign in with an authenticator: give the demo account the known secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user
