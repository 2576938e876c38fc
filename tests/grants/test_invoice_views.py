"""Invoice pages through the test client: per-role access, the grantee's flow, staff review, crafted POSTs
refused by the services (two-person rule), query counts on the lists, CSV exports."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from grants.models import Invoice
from tests.factories import (
    FiscalOfficerFactory,
    ProgramManagerFactory,
    ReviewerFactory,
    UserFactory,
    activate_totp,
)

from .invoice_fixtures import approved, draft, paid, pdf, submitted, world

pytestmark = pytest.mark.django_db
S = Invoice.Status


def _client(client, user):
    client.force_login(user)
    return client


# --- Access per role ----------------------------------------------------------------------------------------
def _staff_urls(invoice):
    return [
        reverse("grants:staff_invoices"),
        reverse("grants:staff_invoice", args=[invoice.pk]),
        reverse("grants:staff_award_ledger", args=[invoice.award_id]),
        reverse("grants:staff_payments_export"),
        reverse("grants:staff_invoice_register"),
    ]


@pytest.mark.parametrize("role", ["manager", "fiscal"])
def test_disbursement_staff_with_mfa_open_every_staff_page(client, role):
    w = world()
    invoice = submitted(w)
    _client(client, getattr(w, role))
    for url in _staff_urls(invoice):
        assert client.get(url).status_code == 200, url


def test_staff_without_mfa_are_sent_to_set_it_up(client):
    w = world()
    invoice = submitted(w)
    _client(client, FiscalOfficerFactory())
    response = client.get(_staff_urls(invoice)[0])
    assert response.status_code == 302 and "totp" in response.url


@pytest.mark.parametrize("who", ["member", "stranger", "reviewer"])
def test_grantees_and_reviewers_cannot_open_staff_pages(client, who):
    w = world()
    invoice = submitted(w)
    user = {"member": w.member, "stranger": UserFactory(), "reviewer": ReviewerFactory()}[who]
    if who == "reviewer":
        activate_totp(user)
    _client(client, user)
    for url in _staff_urls(invoice):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    w = world()
    invoice = submitted(w)
    for url in [
        *_staff_urls(invoice),
        reverse("grants:invoices_home"),
        reverse("grants:invoice_detail", args=[invoice.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url, url


def test_only_members_of_the_organization_see_its_invoices_and_receipts(client):
    w = world()
    invoice = draft(w)
    attachment = invoice.attachments.get()
    member_urls = [
        reverse("grants:invoice_detail", args=[invoice.pk]),
        reverse("grants:invoice_edit", args=[invoice.pk]),
        reverse("grants:invoice_ledger", args=[w.award.pk]),
        reverse("grants:invoice_attachment_download", args=[attachment.pk]),
    ]
    _client(client, w.member)
    for url in member_urls:
        assert client.get(url).status_code == 200, url
    _client(client, UserFactory())
    for url in member_urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("grants:invoice_create", args=[w.award.pk])).status_code == 404
    _client(client, w.fiscal)
    assert client.get(member_urls[-1]).status_code == 200  # staff read receipts


def test_fiscal_staff_land_on_the_invoice_board_and_see_it_in_the_menu(client):
    w = world()
    _client(client, w.fiscal)
    response = client.get(reverse("grants:dashboard"))
    assert response.url == reverse("grants:staff_invoices")
    page = client.get(response.url).content.decode()
    assert 'href="/staff/invoices/"' in page
    assert "/staff/rounds/" not in page


# --- Grantee flow -------------------------------------------------------------------------------------------
def test_grantee_starts_fills_attaches_and_submits_an_invoice(client):
    w = world()
    _client(client, w.member)
    response = client.post(reverse("grants:invoice_create", args=[w.award.pk]))
    invoice = Invoice.objects.get(award=w.award)
    assert response.url == reverse("grants:invoice_edit", args=[invoice.pk])
    start = w.award.period_start
    data = {
        "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=30)).isoformat(),
        "line_personnel": "4,200.00",
        "line_travel": "120.5",
        "notes": "January payroll",
    }
    assert client.post(reverse("grants:invoice_autosave", args=[invoice.pk]), data).status_code == 200
    client.post(
        reverse("grants:invoice_attachment_add", args=[invoice.pk]), {"file": pdf(), "description": "Payroll"}
    )
    response = client.post(reverse("grants:invoice_edit", args=[invoice.pk]), {**data, "review": "1"})
    assert response.url == reverse("grants:invoice_detail", args=[invoice.pk])
    page = client.get(response.url).content.decode()
    assert "$4,320.50" in page and "I certify" in page
    response = client.post(reverse("grants:invoice_detail", args=[invoice.pk]))  # certification unchecked
    assert Invoice.objects.get(pk=invoice.pk).status == S.DRAFT
    response = client.post(reverse("grants:invoice_detail", args=[invoice.pk]), {"certified": "on"})
    assert response.url == reverse("grants:invoices_home")
    assert Invoice.objects.get(pk=invoice.pk).status == S.SUBMITTED


def test_bad_amounts_get_a_clear_message_and_keep_what_was_typed(client):
    w = world()
    invoice = draft(w, {"personnel": "100.00"})
    _client(client, w.member)
    response = client.post(
        reverse("grants:invoice_edit", args=[invoice.pk]),
        {"line_personnel": "100.005", "line_supplies": "-3", "line_travel": "75", "notes": "kept"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter at most two decimals" in page and "An amount cannot be negative" in page
    assert 'value="100.005"' in page and 'value="-3"' in page
    lines = {line.category: line.requested for line in invoice.lines.all()}
    assert lines["personnel"] == Decimal("100.00") and lines["travel"] == Decimal("75.00")


def test_a_submitted_invoice_cannot_be_changed_by_a_crafted_post(client):
    w = world()
    invoice = submitted(w)
    _client(client, w.member)
    response = client.post(reverse("grants:invoice_edit", args=[invoice.pk]), {"line_personnel": "1.00"})
    assert response.status_code == 302
    assert invoice.lines.get(category="personnel").requested == Decimal("10000.00")


# --- Staff review and the two-person rule by crafted POSTs --------------------------------------------------
def test_manager_approves_with_a_reduction_and_fiscal_releases_payment(client):
    w = world()
    invoice = submitted(w)
    _client(client, w.manager)
    page = client.get(reverse("grants:staff_invoice", args=[invoice.pk])).content.decode()
    assert "Approve the invoice" in page and "Record the payment" not in page
    response = client.post(
        reverse("grants:staff_invoice_approve", args=[invoice.pk]),
        {
            "approved_personnel": "9000.00",
            "reason_personnel": "One timesheet unsigned",
            "approved_supplies": "500.00",
        },
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == S.APPROVED
    _client(client, w.fiscal)
    page = client.get(reverse("grants:staff_invoice", args=[invoice.pk])).content.decode()
    assert "Record the payment" in page and "Approve the invoice" not in page
    response = client.post(
        reverse("grants:staff_invoice_release", args=[invoice.pk]),
        {"paid_on": timezone.localdate().isoformat(), "reference": "ACH-55012"},
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.payment_reference) == (S.PAID, "ACH-55012")


def test_crafted_post_approving_as_fiscal_is_refused_and_changes_nothing(client):
    w = world()
    invoice = submitted(w)
    _client(client, w.fiscal)
    response = client.post(reverse("grants:staff_invoice_approve", args=[invoice.pk]), {})
    assert response.status_code == 400
    assert "Only a Commerce program manager can do this." in response.content.decode()
    assert Invoice.objects.get(pk=invoice.pk).status == S.SUBMITTED


def test_crafted_post_releasing_payment_of_an_invoice_one_approved_is_refused(client):
    w = world()
    invoice = approved(w)
    User.objects.filter(pk=w.manager.pk).update(role=User.Role.FISCAL)  # the approver moved to fiscal
    _client(client, w.manager)
    page = client.get(reverse("grants:staff_invoice", args=[invoice.pk])).content.decode()
    assert "Record the payment" not in page and "another person must release" in page
    response = client.post(
        reverse("grants:staff_invoice_release", args=[invoice.pk]),
        {"paid_on": timezone.localdate().isoformat(), "reference": "ACH-1"},
    )
    assert response.status_code == 400
    assert (
        "You approved this invoice, so another person must release its payment." in response.content.decode()
    )
    assert Invoice.objects.get(pk=invoice.pk).status == S.APPROVED


def test_crafted_post_releasing_payment_as_manager_is_refused(client):
    w = world()
    invoice = approved(w)
    manager = ProgramManagerFactory()
    activate_totp(manager)
    _client(client, manager)
    response = client.post(
        reverse("grants:staff_invoice_release", args=[invoice.pk]),
        {"paid_on": timezone.localdate().isoformat(), "reference": "ACH-1"},
    )
    assert response.status_code == 400
    assert Invoice.objects.get(pk=invoice.pk).status == S.APPROVED


def test_returning_without_comments_keeps_the_invoice_submitted(client):
    w = world()
    invoice = submitted(w)
    _client(client, w.manager)
    response = client.post(reverse("grants:staff_invoice_return", args=[invoice.pk]), {"comment": ""})
    assert response.status_code == 400 and "comments are required" in response.content.decode()
    client.post(reverse("grants:staff_invoice_return", args=[invoice.pk]), {"comment": "Add the receipts"})
    assert Invoice.objects.get(pk=invoice.pk).status == S.RETURNED


def test_manager_amends_the_budget_with_a_reason_and_fiscal_cannot(client):
    w = world()
    url = reverse("grants:staff_award_ledger", args=[w.award.pk])
    amounts = {f"line_{line.category}": str(line.amount) for line in w.award.budget_lines.all()}
    amounts["line_personnel"], amounts["line_travel"] = "54000.00", "5000.00"
    _client(client, w.fiscal)
    response = client.post(url, {**amounts, "reason": "Travel"})
    assert response.status_code == 400
    assert w.award.budget_lines.get(category="travel").amount == Decimal("4000.00")
    _client(client, w.manager)
    response = client.post(url, {**amounts, "reason": "More site visits"})
    assert response.status_code == 302
    assert w.award.budget_lines.get(category="travel").amount == Decimal("5000.00")


# --- Lists and exports --------------------------------------------------------------------------------------
def test_the_board_takes_the_same_queries_for_3_or_30_invoices(client, django_assert_max_num_queries):
    w = world()
    _client(client, w.manager)
    for offset in range(0, 90, 30):
        submitted(
            w,
            {"travel": "1.00"},
            start=w.award.period_start + timedelta(days=offset),
            end=w.award.period_start + timedelta(days=offset + 5),
        )
    client.get(reverse("grants:staff_invoices"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("grants:staff_invoices"))
    for offset in range(90, 330, 8):
        submitted(
            w,
            {"travel": "1.00"},
            start=w.award.period_start + timedelta(days=offset),
            end=w.award.period_start + timedelta(days=offset + 5),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("grants:staff_invoices"))
    assert response.context["page"].paginator.count == 33


def test_the_grantee_list_takes_constant_queries(client, django_assert_max_num_queries):
    w = world()
    _client(client, w.member)
    submitted(w)
    client.get(reverse("grants:invoices_home"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("grants:invoices_home"))
    for offset in range(100, 300, 20):
        draft(w, {"travel": "1.00"}, start=w.award.period_start + timedelta(days=offset), attach=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("grants:invoices_home"))


def test_payments_file_and_register_download(client):
    w = world()
    paid(w)
    submitted(w, {"travel": "12.34"}, start=w.award.period_start + timedelta(days=100))
    _client(client, w.fiscal)
    slug = w.award.funding_round.slug
    payments = b"".join(
        client.get(reverse("grants:staff_payments_export") + f"?round={slug}").streaming_content
    ).decode()
    assert (
        payments.splitlines()[0]
        == "contract_number,invoice_number,vendor_identifier,amount,budget_line,payment_date,reference"
    )
    assert len(payments.splitlines()) == 3  # personnel and supplies of the paid invoice
    register = b"".join(
        client.get(reverse("grants:staff_invoice_register") + f"?round={slug}").streaming_content
    ).decode()
    assert len(register.splitlines()) == 3 and ",submitted," in register and ",paid," in register
