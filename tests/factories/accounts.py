"""Factories for people and their authenticators."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    role = User.Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Applicants sign in only with a verified email (allauth mandatory verification)."""
        if create and extracted is not False:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProgramManagerFactory(UserFactory):
    role = User.Role.PROGRAM_MANAGER


class ReviewerFactory(UserFactory):
    role = User.Role.REVIEWER


class FiscalOfficerFactory(UserFactory):
    role = User.Role.FISCAL


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def activate_totp(user, secret=TOTP_SECRET):
    """Give a user an authenticator app with a known secret, so a test can compute its codes."""
    return TOTP.activate(user, secret)


def totp_code(secret=TOTP_SECRET):
    """The code the authenticator app would show now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
