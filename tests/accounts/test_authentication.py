"""Sign-up, sign-in, password reset and lockout: each mistake gets a clear page, never a 500."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, email="new.person@example.org", password="a-long-unusual-passphrase"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_sends_a_verification_email_and_blocks_login_until_verified(client):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert user.role == User.Role.APPLICANT
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-unusual-passphrase"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_remembers_the_language_it_was_made_in(client):
    client.cookies["django_language"] = "tl"
    _sign_up(client, email="tagalog@example.org")
    assert User.objects.get(email="tagalog@example.org").preferred_language == "tl"


def test_second_sign_up_with_the_same_email_creates_no_second_account(client):
    UserFactory(email="taken@example.org")
    response = _sign_up(client, email="TAKEN@example.org")
    assert response.status_code in (200, 302)
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_login_is_by_email(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("grants:dashboard")


def test_wrong_password_shows_the_form_again_with_a_clear_error(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert f'value="{user.email}"' in response.content.decode()


def test_unknown_email_gets_the_same_clear_error(client):
    response = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "whatever-it-is"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_lock_the_account_out_with_a_clear_page(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Sign-in temporarily locked" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    response = client.get(path, follow=True)
    new_password = "another-long-passphrase"
    response = client.post(
        response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_an_invalid_or_expired_reset_link_gets_a_clear_page(client):
    response = client.get("/accounts/password/reset/key/zz-not-a-real-key/", follow=True)
    assert response.status_code == 200
    assert "Bad Token" in response.content.decode() or "invalid" in response.content.decode().lower()
