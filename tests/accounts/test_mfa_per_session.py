"""Finding 1 of the security audit: the second factor is checked per session, by every sign-in route.

A password-only session — allauth's sign-in stopped before the code, Django's admin login form, or
``Client.force_login`` — reaches no staff URL and no admin page; a session that entered a TOTP code does.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts.models import User
from tests.factories import PASSWORD, ProgramManagerFactory, ReviewerFactory, activate_totp, totp_code

pytestmark = pytest.mark.django_db


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def staff_urls():
    """Every URL under /staff/ and /review/, with placeholder arguments (the gate answers before any lookup)."""
    urls = set()
    for route in _routes(get_resolver()):
        route = route.lstrip("^")
        if not route.startswith(("staff/", "review/")):
            continue
        path = re.sub(r"<int:\w+>", "1", route)
        path = re.sub(r"<(?:\w+:)?\w+>", "clep-2021", path)
        urls.add("/" + path.rstrip("$"))
    return sorted(urls)


STAFF_URLS = staff_urls()


@pytest.fixture
def superuser_with_totp():
    user = User.objects.create_superuser(email="admin@commerce.wa.gov", password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    activate_totp(user)
    return user


def assert_no_staff_page(client):
    assert len(STAFF_URLS) > 20
    for url in STAFF_URLS:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/accounts/" in response["Location"], (url, response["Location"])
    for url in ("/django-admin/", "/django-admin/accounts/user/"):
        response = client.get(url, follow=True)
        assert response.request["PATH_INFO"].startswith("/accounts/"), (url, response.redirect_chain)


def test_force_login_without_the_code_reaches_no_staff_url():
    manager = ProgramManagerFactory()
    activate_totp(manager)
    client = Client()
    client.force_login(manager)
    assert_no_staff_page(client)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_force_login_of_a_reviewer_without_the_code_is_asked_for_it():
    reviewer = ReviewerFactory()
    activate_totp(reviewer)
    client = Client()
    client.force_login(reviewer)
    response = client.get("/review/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_django_admin_login_with_the_password_alone_opens_nothing(superuser_with_totp):
    client = Client()
    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": superuser_with_totp.email, "password": PASSWORD},
    )
    # The admin's password form is gone: its URL sends the person to allauth's sign-in.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert_no_staff_page(client)
    assert client.get("/staff/audit/").status_code == 302
    assert client.get("/staff/rounds/clep-2021/applications.csv").status_code == 302


def test_allauth_password_step_alone_reaches_no_staff_url_and_the_code_opens_them(superuser_with_totp):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": superuser_with_totp.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert_no_staff_page(client)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/audit/").status_code == 200
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/login/").status_code == 302


def test_a_password_only_session_that_enters_its_code_at_the_prompt_gets_in():
    manager = ProgramManagerFactory()
    activate_totp(manager)
    client = Client()
    client.force_login(manager)
    prompt = client.get("/staff/", follow=True)
    assert prompt.request["PATH_INFO"] == reverse("mfa_reauthenticate")
    response = client.post(f"{reverse('mfa_reauthenticate')}?next=/staff/", {"code": totp_code()})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_counts_as_this_sessions_second_factor():
    # allauth announces the new authenticator on commit; outside a test transaction, as in production.
    manager = ProgramManagerFactory()
    client = Client()
    client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    assert client.get("/staff/")["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.request["PATH_INFO"] == reverse("account_reauthenticate"):
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
