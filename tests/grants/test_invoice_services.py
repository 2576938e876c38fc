"""Invoices: every transition, the two-person rule, the limits and the bad input of issue 12, without HTTP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from grants.lifecycles.invoices import INVOICE
from grants.models import Award, AwardBudgetLine, Invoice
from grants.permissions import PermissionRefused, has_permission
from grants.selectors import invoices as selectors
from grants.services import ServiceError
from grants.services import invoices as services
from grants.services.awards import amend_award, change_award_status
from grants.services.budgets import amend_budget
from portal.models import Notice
from portal.notifications import render_notice
from tests.factories import FiscalOfficerFactory, ProgramManagerFactory, UserFactory

from .invoice_fixtures import approved, draft, paid, pdf, submitted, world

pytestmark = pytest.mark.django_db
S = Invoice.Status
TODAY = timezone.localdate


def _unchanged(invoice):
    """The invoice's status and history length, to assert that a refusal changed nothing."""
    invoice = Invoice.objects.get(pk=invoice.pk)
    return (
        invoice.status,
        invoice.history.count(),
        [(line.requested, line.approved) for line in invoice.lines.all()],
    )


# --- Budget -------------------------------------------------------------------------------------------------
def test_budget_lines_split_the_award_exactly_and_never_above_it():
    w = world(amount=Decimal("87654.33"))
    lines = {line.category: line.amount for line in w.award.budget_lines.all()}
    assert sum(lines.values()) == Decimal("87654.33")
    assert lines["personnel"] > lines["supplies"] > lines["other"] == Decimal("0.00")


def test_amending_the_budget_needs_a_reason_keeps_history_and_stays_within_the_award():
    w = world()
    amounts = {line.category: str(line.amount) for line in w.award.budget_lines.all()}
    amounts["travel"], amounts["personnel"] = "9000.00", "50000.00"
    with pytest.raises(ServiceError, match="reason"):
        amend_budget(w.award, by=w.manager, amounts=amounts, reason="")
    with pytest.raises(ServiceError, match="more than the award"):
        amend_budget(w.award, by=w.manager, amounts={**amounts, "other": "1.00"}, reason="Too much")
    with pytest.raises(PermissionRefused):
        amend_budget(w.award, by=w.fiscal, amounts=amounts, reason="Not a manager")
    amend_budget(w.award, by=w.manager, amounts=amounts, reason="Travel to the regional training")
    travel = AwardBudgetLine.objects.get(award=w.award, category="travel")
    assert travel.amount == Decimal("9000.00")
    assert "regional training" in travel.history.first().history_change_reason


def test_a_budget_line_cannot_go_below_what_is_paid_or_pending_on_it():
    w = world()
    submitted(w, {"supplies": "7000.00"})
    amounts = {line.category: str(line.amount) for line in w.award.budget_lines.all()}
    with pytest.raises(ServiceError, match="already paid or pending"):
        amend_budget(w.award, by=w.manager, amounts={**amounts, "supplies": "6000.00"}, reason="Less")


def test_the_award_cannot_be_amended_below_its_budget_lines():
    w = world()
    with pytest.raises(ServiceError, match="lower them first"):
        amend_award(w.award, by=w.manager, reason="Cut", amount="90000.00")


# --- Transitions --------------------------------------------------------------------------------------------
def test_every_transition_of_the_lifecycle_is_exercised_and_notified():
    w = world()
    invoice = draft(w)
    assert INVOICE.allowed_actions(invoice) == ["submit"]
    invoice = services.submit_invoice(invoice, by=w.member, certified=True)
    assert invoice.status == S.SUBMITTED and invoice.submitted_by == w.member
    invoice = services.return_invoice(invoice, by=w.manager, comment="Add the payroll register for March.")
    assert invoice.status == S.RETURNED
    services.save_invoice_draft(invoice, by=w.member, data={"lines": {"personnel": "9500.00"}})
    invoice = services.submit_invoice(invoice, by=w.member, certified=True)
    assert invoice.status == S.SUBMITTED
    invoice = services.approve_invoice(
        invoice,
        by=w.manager,
        approved={"supplies": "300.00"},
        reasons={"supplies": "One receipt is personal."},
    )
    assert invoice.status == S.APPROVED
    supplies = invoice.lines.get(category="supplies")
    assert (supplies.approved, supplies.reduction_reason) == (Decimal("300.00"), "One receipt is personal.")
    invoice = services.release_payment(invoice, by=w.fiscal, paid_on=TODAY(), reference="W-778812")
    assert (invoice.status, invoice.payment_reference, invoice.paid_on) == (S.PAID, "W-778812", TODAY())
    to_grantee = list(
        Notice.objects.filter(recipient=w.member).order_by("pk").values_list("template", flat=True)
    )
    assert to_grantee == [
        "invoice_submitted",
        "invoice_returned",
        "invoice_submitted",
        "invoice_approved",
        "invoice_paid",
    ]
    assert Notice.objects.filter(recipient=w.manager, template="invoice_to_review").count() == 2
    assert Notice.objects.filter(recipient=w.fiscal, template="invoice_to_pay").count() == 1
    for notice in Notice.objects.all():
        subject, body = render_notice(notice)
        assert notice.context["invoice_number"] in subject and "/invoices/" in body
    ledger = selectors.ledger(w.award)
    assert ledger.total.paid == Decimal("9800.00")
    assert ledger.unspent == Decimal("90200.00")


def test_notices_are_in_the_grantees_language():
    w = world(language="es")
    submitted(w)
    notice = Notice.objects.get(template="invoice_submitted")
    assert notice.language == "es"


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.PAID])
def test_a_sent_invoice_is_locked(status):
    w = world()
    invoice = {S.SUBMITTED: submitted, S.APPROVED: approved, S.PAID: paid}[status](w)
    before = _unchanged(invoice)
    with pytest.raises(ServiceError, match="can no longer be changed"):
        services.save_invoice_draft(invoice, by=w.member, data={"lines": {"personnel": "1.00"}})
    with pytest.raises(ServiceError, match="can no longer be changed"):
        services.add_invoice_attachment(invoice, by=w.member, uploaded_file=pdf())
    assert _unchanged(invoice) == before


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "approve"),
        (S.DRAFT, "return"),
        (S.DRAFT, "release_payment"),
        (S.SUBMITTED, "submit"),
        (S.SUBMITTED, "release_payment"),
        (S.APPROVED, "approve"),
        (S.APPROVED, "return"),
        (S.PAID, "release_payment"),
        (S.PAID, "return"),
    ],
)
def test_transitions_not_in_the_table_are_refused(status, action):
    w = world()
    invoice = {S.DRAFT: draft, S.SUBMITTED: submitted, S.APPROVED: approved, S.PAID: paid}[status](w)
    before = _unchanged(invoice)
    second_fiscal = FiscalOfficerFactory()
    calls = {
        "submit": lambda: services.submit_invoice(invoice, by=w.member, certified=True),
        "approve": lambda: services.approve_invoice(invoice, by=w.manager),
        "return": lambda: services.return_invoice(invoice, by=w.manager, comment="No"),
        "release_payment": lambda: services.release_payment(
            invoice, by=second_fiscal, paid_on=TODAY(), reference="X1"
        ),
    }
    with pytest.raises(ServiceError, match="cannot be done while"):
        calls[action]()
    assert _unchanged(invoice) == before


def test_returning_needs_comments():
    w = world()
    invoice = submitted(w)
    with pytest.raises(ServiceError, match="comments are required"):
        services.return_invoice(invoice, by=w.manager, comment="  ")
    assert Invoice.objects.get(pk=invoice.pk).status == S.SUBMITTED


def test_a_reduction_needs_a_reason_and_cannot_exceed_what_was_billed():
    w = world()
    invoice = submitted(w)
    before = _unchanged(invoice)
    with pytest.raises(ServiceError, match="reason for the reduction"):
        services.approve_invoice(invoice, by=w.manager, approved={"personnel": "9000.00"})
    with pytest.raises(ServiceError, match="cannot be more than"):
        services.approve_invoice(invoice, by=w.manager, approved={"personnel": "10000.01"})
    with pytest.raises(ServiceError, match="two decimals"):
        services.approve_invoice(
            invoice, by=w.manager, approved={"personnel": "9000.005"}, reasons={"personnel": "x"}
        )
    assert _unchanged(invoice) == before


def test_submission_needs_the_certification_and_a_receipt():
    w = world()
    invoice = draft(w, attach=False)
    with pytest.raises(ServiceError, match="certification"):
        services.submit_invoice(invoice, by=w.member, certified=False)
    with pytest.raises(ServiceError, match="receipts or payroll"):
        services.submit_invoice(invoice, by=w.member, certified=True)
    assert Invoice.objects.get(pk=invoice.pk).status == S.DRAFT


def test_removed_attachments_are_kept_but_do_not_count():
    w = world()
    invoice = draft(w)
    attachment = invoice.attachments.get()
    services.remove_invoice_attachment(attachment, by=w.member)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    with pytest.raises(ServiceError, match="receipts or payroll"):
        services.submit_invoice(invoice, by=w.member, certified=True)


def test_an_upload_is_checked_by_its_content():
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = world()
    invoice = draft(w, attach=False)
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ServiceError, match="not accepted"):
        services.add_invoice_attachment(invoice, by=w.member, uploaded_file=fake)
    assert not invoice.attachments.exists()


# --- Bad input of the issue ---------------------------------------------------------------------------------
def test_an_amount_with_three_decimals_is_refused_and_the_rest_of_the_draft_kept():
    w = world()
    invoice = services.create_invoice(w.award, by=w.member)
    result = services.save_invoice_draft(
        invoice,
        by=w.member,
        data={"notes": "March payroll", "lines": {"personnel": "100.005", "travel": "80"}},
    )
    assert result.errors == {"line_personnel": "Enter at most two decimals (dollars and cents)."}
    assert {line.category: line.requested for line in invoice.lines.all()} == {"travel": Decimal("80.00")}
    assert Invoice.objects.get(pk=invoice.pk).notes == "March payroll"


def test_a_negative_line_is_refused():
    w = world()
    invoice = services.create_invoice(w.award, by=w.member)
    result = services.save_invoice_draft(invoice, by=w.member, data={"lines": {"supplies": "-20.00"}})
    assert result.errors == {"line_supplies": "An amount cannot be negative."}
    assert not invoice.lines.exists()


def test_a_period_outside_the_award_is_refused():
    w = world()
    invoice = draft(
        w, start=w.award.period_start - timedelta(days=10), end=w.award.period_start + timedelta(days=5)
    )
    with pytest.raises(ServiceError, match="within the award's period of performance"):
        services.submit_invoice(invoice, by=w.member, certified=True)
    assert Invoice.objects.get(pk=invoice.pk).status == S.DRAFT


def test_an_invoice_over_the_remaining_balance_is_refused():
    w = world(amount=Decimal("20000.00"))
    paid(w, {"personnel": "9000.00", "contracted_services": "2900.00"})
    invoice = draft(
        w,
        {"personnel": "3000.00", "training": "2000.00", "supplies": "1600.00", "indirect": "1600.00"},
        start=w.award.period_start + timedelta(days=100),
    )
    with pytest.raises(ServiceError, match=r"more than the award's remaining balance of \$8,100.00"):
        services.submit_invoice(invoice, by=w.member, certified=True)
    assert Invoice.objects.get(pk=invoice.pk).status == S.DRAFT


def test_a_line_may_go_over_its_budget_by_the_round_tolerance_but_no_further():
    w = world()  # supplies: 8,000.00; tolerance 10% → 8,800.00
    submitted(w, {"supplies": "8800.00"})
    invoice = draft(w, {"supplies": "0.01"}, start=w.award.period_start + timedelta(days=100))
    with pytest.raises(ServiceError, match=r"Supplies: \$0.01 is more than this line allows"):
        services.submit_invoice(invoice, by=w.member, certified=True)


def test_two_invoices_cannot_bill_the_same_line_for_overlapping_periods():
    w = world()
    submitted(w, {"personnel": "1000.00"})
    overlapping = draft(w, {"personnel": "1000.00"}, start=w.award.period_start + timedelta(days=30))
    with pytest.raises(ServiceError, match="overlaps this period"):
        services.submit_invoice(overlapping, by=w.member, certified=True)
    other_line = draft(w, {"travel": "100.00"}, start=w.award.period_start + timedelta(days=30))
    assert services.submit_invoice(other_line, by=w.member, certified=True).status == S.SUBMITTED


def test_an_approval_checks_the_limits_again():
    w = world()
    first = submitted(w, {"supplies": "5000.00"})
    second = submitted(w, {"supplies": "3500.00"}, start=w.award.period_start + timedelta(days=100))
    services.approve_invoice(first, by=w.manager)
    # The line changed after submission (e.g. an amendment made elsewhere): approval sees today's limits.
    AwardBudgetLine.objects.filter(award=w.award, category="supplies").update(amount=Decimal("7000.00"))
    before = _unchanged(second)
    with pytest.raises(ServiceError, match="more than this line allows"):
        services.approve_invoice(second, by=w.manager)
    assert _unchanged(second) == before
    reduced = services.approve_invoice(
        second, by=w.manager, approved={"supplies": "2700.00"}, reasons={"supplies": "Over the line budget"}
    )
    assert reduced.status == S.APPROVED


# --- Two-person rule ----------------------------------------------------------------------------------------
def test_the_manager_who_approved_can_never_release_the_payment():
    w = world()
    invoice = approved(w)
    # The approving manager later moves to the fiscal team: still not for this invoice.
    User.objects.filter(pk=w.manager.pk).update(role=User.Role.FISCAL)
    w.manager.refresh_from_db()
    before = _unchanged(invoice)
    with pytest.raises(PermissionRefused, match="You approved this invoice"):
        services.release_payment(invoice, by=w.manager, paid_on=TODAY(), reference="ACH-1")
    assert _unchanged(invoice) == before
    assert services.release_payment(invoice, by=w.fiscal, paid_on=TODAY(), reference="ACH-1").status == S.PAID


def test_only_fiscal_staff_release_payments_and_only_managers_approve():
    w = world()
    invoice = submitted(w)
    with pytest.raises(PermissionRefused, match="program manager"):
        services.approve_invoice(invoice, by=w.fiscal)
    with pytest.raises(PermissionRefused, match="program manager"):
        services.approve_invoice(invoice, by=w.member)
    invoice = services.approve_invoice(invoice, by=w.manager)
    for person in (w.member, ProgramManagerFactory(), w.manager):
        with pytest.raises(PermissionRefused):
            services.release_payment(invoice, by=person, paid_on=TODAY(), reference="ACH-2")
    assert Invoice.objects.get(pk=invoice.pk).status == S.APPROVED


def test_someone_outside_the_organization_cannot_touch_its_invoices():
    w = world()
    stranger = UserFactory()
    with pytest.raises(PermissionRefused):
        services.create_invoice(w.award, by=stranger)
    invoice = draft(w)
    with pytest.raises(PermissionRefused):
        services.submit_invoice(invoice, by=stranger, certified=True)
    assert not has_permission("ledger.view", stranger, w.award)
    assert has_permission("ledger.view", w.member, w.award)
    assert has_permission("ledger.view", w.fiscal, w.award)


# --- Payment rules ------------------------------------------------------------------------------------------
def test_payment_needs_a_reference_and_a_date_not_in_the_future():
    w = world()
    invoice = approved(w)
    with pytest.raises(ServiceError, match="warrant or ACH"):
        services.release_payment(invoice, by=w.fiscal, paid_on=TODAY(), reference=" ")
    with pytest.raises(ServiceError, match="future"):
        services.release_payment(invoice, by=w.fiscal, paid_on=TODAY() + timedelta(days=1), reference="W1")
    with pytest.raises(ServiceError, match="YYYY-MM-DD"):
        services.release_payment(invoice, by=w.fiscal, paid_on="2023-13-45", reference="W1")
    assert Invoice.objects.get(pk=invoice.pk).status == S.APPROVED


def _ended(w, days_ago):
    Award.objects.filter(pk=w.award.pk).update(period_end=TODAY() - timedelta(days=days_ago))
    w.award.refresh_from_db()


def test_after_the_award_ends_only_the_final_invoice_is_paid_within_the_grace_period():
    w = world()
    ordinary = approved(w, {"personnel": "1000.00"})
    final = approved(w, {"travel": "100.00"}, is_final=True, start=w.award.period_start + timedelta(days=100))
    _ended(w, days_ago=30)
    with pytest.raises(ServiceError, match="only its final invoice"):
        services.release_payment(ordinary, by=w.fiscal, paid_on=TODAY(), reference="W1")
    assert services.release_payment(final, by=w.fiscal, paid_on=TODAY(), reference="W2").status == S.PAID
    assert selectors.ledger(w.award).is_ready_to_close


def test_nothing_is_paid_after_the_grace_period():
    w = world()
    final = approved(w, is_final=True)
    _ended(w, days_ago=91)
    with pytest.raises(ServiceError, match="grace period"):
        services.release_payment(final, by=w.fiscal, paid_on=TODAY(), reference="W1")


def test_nothing_is_paid_once_the_award_is_terminated_except_its_final_invoice():
    w = world()
    ordinary = approved(w, {"personnel": "1000.00"})
    final = approved(w, {"travel": "100.00"}, is_final=True, start=w.award.period_start + timedelta(days=100))
    change_award_status(
        w.award, by=w.manager, status=Award.Status.TERMINATED, reason="Organization dissolved"
    )
    w.award.history.filter(status=Award.Status.TERMINATED).update(
        history_date=timezone.now() - timedelta(days=10)
    )
    w.award.refresh_from_db()
    assert services.terminated_on(w.award) == TODAY() - timedelta(days=10)
    with pytest.raises(ServiceError, match="only its final invoice"):
        services.release_payment(ordinary, by=w.fiscal, paid_on=TODAY(), reference="W1")
    assert services.release_payment(final, by=w.fiscal, paid_on=TODAY(), reference="W2").status == S.PAID
