"""Factories for people and their authenticators."""

import time

import factory
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

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


def mark_session_mfa_authenticated(session, user):
    """Write into a session what allauth records when a sign-in passes its second-factor stage."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk if authenticator else None, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def sign_in_with_code(client, user):
    """Sign ``client`` in as ``user`` as if they had entered their password and authenticator code."""
    Client.force_login(client, user)
    session = client.session
    mark_session_mfa_authenticated(session, user)
    return client


class SignedInWithCodeClient(Client):
    """The test client of staff tests: ``force_login`` stands for a full sign-in (password, then the code).

    A user with an authenticator app gets a session that passed allauth's second-factor stage, as a person
    signing in at /accounts/login/ would. The security tests use Django's plain ``Client`` to check that a
    password-only session (``force_login`` without the code) reaches no staff page.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            mark_session_mfa_authenticated(self.session, user)
