"""Disbursements in a real browser, checked with axe: the grantee submits an invoice (autosave, receipt,
certification), a program manager approves it with a reduction, a fiscal officer pays it; in three languages."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from grants.models import Invoice
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.factories import PASSWORD, sign_in_with_code
from tests.grants.invoice_fixtures import PDF_BYTES, world

pytestmark = pytest.mark.django_db(transaction=True)


def _staff_page(browser, live_server, user):
    """A page signed in as ``user`` (staff with an authenticator) by session cookie: reusing one TOTP code in
    two sign-ins within its 30-second window would be refused as a replay."""
    client = sign_in_with_code(Client(), user)
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.mark.parametrize("language", ["en", "es", "tl"])
def test_grantee_submits_manager_approves_and_fiscal_pays(page, browser, live_server, language):
    w = world(language=language)
    start = w.award.period_start

    # The grantee starts an invoice, types (autosaved), attaches a receipt, reviews and submits it.
    sign_in(page, w.member.email, PASSWORD)
    page.goto("/my/")
    if language != "en":
        set_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
    page.goto("/my/invoices/")
    assert_accessible(page, f"invoices home [{language}]")
    page.locator("main form[action$='/new/'] button").click()
    page.wait_for_url(re.compile(r"/my/invoices/\d+/edit/$"))
    invoice = Invoice.objects.get(award=w.award)
    page.fill("#id_period_start", start.isoformat())
    page.fill("#id_period_end", start.replace(day=28).isoformat())
    page.fill("#id_line_personnel", "4200.00")
    page.fill("#id_line_travel", "120.505")
    page.locator("#autosave-status").get_by_text(re.compile(".+")).wait_for()
    page.locator("main button[name=review]").click()
    expect(page.locator(".alert-danger")).to_be_visible()
    assert page.input_value("#id_line_travel") == "120.505"  # what was typed stays
    assert_accessible(page, f"invoice form with an error [{language}]")
    page.fill("#id_line_travel", "120.50")
    page.locator("#id_file").set_input_files(
        {"name": "payroll.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("main form[action$='/files/'] button").click()
    expect(page.locator("main")).to_contain_text("payroll.pdf")
    page.fill("#id_line_travel", "120.50")
    page.locator("main button[name=review]").click()
    page.wait_for_url(re.compile(rf"/my/invoices/{invoice.pk}/$"))
    expect(page.locator("main")).to_contain_text("$4,320.50")
    assert_accessible(page, f"invoice review [{language}]")
    page.check("#id_certified")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/invoices/$"))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SUBMITTED

    # The program manager finds it on the board and approves it, reducing travel with a reason.
    manager = _staff_page(browser, live_server, w.manager)
    manager.goto("/staff/invoices/?status=submitted")
    assert_accessible(manager, "invoice board")
    manager.locator(f"main a[href='/staff/invoices/{invoice.pk}/']").click()
    manager.wait_for_url(re.compile(rf"/staff/invoices/{invoice.pk}/$"))
    assert_accessible(manager, "invoice review (manager)")
    manager.fill("#id_approved_travel", "100.00")
    manager.fill("#id_reason_travel", "Mileage above the state rate")
    manager.locator("main form[action$='/approve/'] button").click()
    expect(manager.locator(".alert-success")).to_be_visible()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    expect(manager.locator("main form[action$='/release/']")).to_have_count(0)

    # A fiscal officer (another person) records the payment.
    fiscal = _staff_page(browser, live_server, w.fiscal)
    fiscal.goto(f"/staff/invoices/{invoice.pk}/")
    assert_accessible(fiscal, "invoice review (fiscal)")
    fiscal.fill("#id_reference", "ACH-778812")
    fiscal.locator("main form[action$='/release/'] button").click()
    expect(fiscal.locator(".alert-success")).to_be_visible()
    invoice.refresh_from_db()
    assert (invoice.status, invoice.payment_reference) == (Invoice.Status.PAID, "ACH-778812")
    fiscal.goto(f"/staff/awards/{w.award.pk}/ledger/")
    expect(fiscal.locator("main")).to_contain_text("$4,300.00")
    assert_accessible(fiscal, "award ledger (fiscal)")

    # The grantee sees it paid, with the reduction and its reason, and the ledger.
    page.goto(f"/my/invoices/{invoice.pk}/")
    expect(page.locator("main")).to_contain_text("Mileage above the state rate")
    assert_accessible(page, f"paid invoice [{language}]")
    page.goto(f"/my/invoices/awards/{w.award.pk}/ledger/")
    assert_accessible(page, f"ledger [{language}]")
