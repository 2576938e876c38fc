"""The foundation's pages pass axe in English, Spanish and Tagalog, and the journeys work in a real browser."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.factories import PASSWORD, ProgramManagerFactory, UserFactory, activate_totp, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("language", ["en", "es", "tl"])
def test_public_pages_have_no_accessibility_violations(page, language):
    page.goto("/")
    if language != "en":
        set_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, f"{path} [{language}]")


@pytest.mark.parametrize("language", ["en", "es", "tl"])
def test_mfa_setup_page_has_no_accessibility_violations(page, language):
    user = UserFactory()
    sign_in(page, user.email, PASSWORD)
    if language != "en":
        set_language(page, language)
    page.goto("/accounts/2fa/totp/activate/")
    assert page.locator("h1").count() == 1
    assert_accessible(page, f"MFA setup [{language}]")


def test_sign_up_verify_and_reach_the_dashboard(page):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "new.applicant@example.org")
    page.fill("#id_password1", "a-long-unusual-passphrase")
    page.fill("#id_password2", "a-long-unusual-passphrase")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page, "verification sent")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page, "confirm email")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/my/$"))
    assert page.locator("h1").inner_text() == "My organizations"
    assert User.objects.get(email="new.applicant@example.org").emailaddress_set.get().verified


def test_staff_sign_in_asks_for_the_authenticator_code_then_opens_staff_pages(page):
    manager = ProgramManagerFactory()
    activate_totp(manager)
    sign_in(page, manager.email, PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page, "MFA code prompt")
    page.fill("#id_code", totp_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert_accessible(page, "staff home")
    page.goto("/staff/audit/")
    assert_accessible(page, "audit log")


def test_staff_without_mfa_is_sent_to_set_it_up(page):
    manager = ProgramManagerFactory()
    sign_in(page, manager.email, PASSWORD)
    page.goto("/staff/")
    # allauth asks for the password again before an authenticator is added, then shows the set-up page.
    page.wait_for_url(
        re.compile(r"/accounts/(reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate|2fa/totp/activate)")
    )
    assert "authenticator app" in page.locator("#messages").inner_text()
    assert_accessible(page, "MFA required")


def test_keyboard_user_can_skip_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
