"""Playwright driving Debian's Chromium against the live test server, with axe-core checks.

Never downloads a browser: it launches /usr/bin/chromium. Without it these tests are skipped.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make alongside it
# are still plain synchronous calls, so Django's async-safety guard is lifted for these tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="Debian's Chromium is not installed (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def assert_accessible(page, context=""):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    violations = results.response["violations"]
    if violations:
        lines = [f"{context or page.url}: {len(violations)} accessibility violation(s)"]
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
        pytest.fail("\n".join(lines))


def set_language(page, code):
    """Pick a language with the switcher, as a person would."""
    page.select_option("#language-select", code)
    page.get_by_role("button", name=page.locator("form.language-switcher button").inner_text()).click()


def sign_in(page, email, password, totp_code=None):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").first.click()
    if totp_code:
        page.fill("#id_code", totp_code)
        page.locator("main form button[type=submit]").first.click()


def sign_in_by_cookie(page, user, base_url):
    """Hand the browser a session that passed allauth's password and second-factor stages.

    Reusing one TOTP code in two tests within its 30-second window is refused as a replay, so tests that
    are not about signing in get their session from Django's test client, marked as allauth marks it.
    """
    from django.test import Client

    from tests.factories import sign_in_with_code

    client = sign_in_with_code(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
