"""Demo disbursements: each demo award's budget by line and a reimbursement invoice per reported quarter.

Invoices bill each quarter's self-reported expenditures, split over the budget lines; most were approved by
the manager and paid by the fiscal officer about six weeks after the quarter ended. Every state appears:
Yakima Valley Unidos (when it is funded) has its seventh quarter approved and awaiting payment and its eighth
returned for correction; another award has its last invoice waiting for review and a draft over a line's
tolerance that the portal refuses to send; another was reduced on one line with a reason (the reconciliation
flags that quarter); one award's final invoice is paid, so it is ready to close.

The pilot's awards ended in 2023, so these are history: an approved demo invoice can no longer be paid (the
grace period for final invoices is over), which the fiscal officer's page explains.

Idempotent: an award that already has invoices is left alone. Without awards it does nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..disbursement_rules import CENT, ZERO
from ..models import Award, Invoice, InvoiceAttachment, InvoiceLine, Membership, MetricValue, QuarterlyReport
from ..services.budgets import ensure_budget_lines

S = Invoice.Status
YAKIMA = "Yakima Valley Unidos"
MANAGER = "manager@demo.clep.wa.gov"
FISCAL = "fiscal@demo.clep.wa.gov"
RECEIPT_NAME = "invoices/demo/receipts-and-payroll.pdf"
RECEIPT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RETURN_COMMENT = (
    "The payroll register covers January to March but the invoice period ends in February; please correct "
    "the period or attach the matching register."
)
REDUCTION_REASON = (
    "Timesheets show a fifth of this staff time went to another program; reduced by that share."
)


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _receipt_name():
    if not default_storage.exists(RECEIPT_NAME):
        default_storage.save(RECEIPT_NAME, ContentFile(RECEIPT))
    return RECEIPT_NAME


def _expenditures(award):
    """[(period, reported expenditures)] of the award's quarters with a sent report, in order."""
    values = {
        v.report.period_id: v.number
        for v in MetricValue.objects.filter(
            report__period__award=award, metric__code="expenditures", number__isnull=False
        )
        .exclude(report__status=QuarterlyReport.Status.DRAFT)
        .select_related("report")
    }
    periods = award.reporting_periods.filter(is_active=True).order_by("year", "quarter")
    return [(p, values[p.pk]) for p in periods if p.pk in values]


def _invoice(award, number, period, amounts, *, status, member, manager, fiscal, is_final=False, **extra):
    submitted_on = period.ends_on + timedelta(days=12)
    invoice = Invoice(
        award=award,
        number=number,
        status=status,
        period_start=period.starts_on,
        period_end=period.ends_on,
        is_final=is_final,
        created_by=member,
        notes=extra.pop("notes", "" if member else "Received by email; entered by Commerce staff."),
    )
    if status != S.DRAFT:
        invoice.submitted_at = invoice.certified_at = _at(submitted_on)
        invoice.submitted_by = member
    if status in (S.APPROVED, S.PAID):
        invoice.approved_at = _at(submitted_on + timedelta(days=14))
        invoice.approved_by = manager
    if status == S.PAID:
        invoice.paid_on = submitted_on + timedelta(days=30)
        invoice.payment_reference = f"ACH-{award.contract_number[-3:]}{period.year % 100}{period.quarter}"
        invoice.payment_recorded_at = _at(invoice.paid_on, 15)
        invoice.payment_released_by = fiscal
    if status == S.RETURNED:
        invoice.return_comment = RETURN_COMMENT
        invoice.returned_at = _at(submitted_on + timedelta(days=10))
        invoice.returned_by = manager
    invoice._change_reason = f"Demo invoice ({status})"
    invoice.save()
    reductions = extra.pop("reductions", {})
    for category, amount in amounts.items():
        if not amount:
            continue
        approved = None
        reason = ""
        if status in (S.APPROVED, S.PAID):
            approved = amount - reductions.get(category, ZERO)
            reason = REDUCTION_REASON if category in reductions else ""
        InvoiceLine.objects.create(
            invoice=invoice, category=category, requested=amount, approved=approved, reduction_reason=reason
        )
    if status != S.DRAFT or extra.pop("attach", True):
        InvoiceAttachment.objects.create(
            invoice=invoice,
            file=_receipt_name(),
            original_name="receipts-and-payroll.pdf",
            content_type="application/pdf",
            size=len(RECEIPT),
            description="Payroll register and receipts",
            uploaded_by=member or manager,
        )
    return invoice


def _split(award, spent):
    """The quarter's spending over the budget lines, in the proportions of the award's budget."""
    budget = {line.category: line.amount for line in award.budget_lines.all()}
    shares = {c: (spent * amount / award.amount).quantize(CENT) for c, amount in budget.items() if amount}
    first = next(iter(shares))
    shares[first] += spent - sum(shares.values(), ZERO)
    return shares


@transaction.atomic
def load():
    """Give every active demo award its budget and invoices; running it twice changes nothing."""
    manager = User.objects.filter(email=MANAGER).first()
    fiscal = User.objects.filter(email=FISCAL).first()
    if manager is None or fiscal is None:
        return
    awards = list(
        Award.objects.filter(status=Award.Status.ACTIVE)
        .select_related("organization")
        .order_by("contract_number")
    )
    if not awards:
        return
    yakima = next((a for a in awards if a.organization.legal_name == YAKIMA), None)
    others = [a for a in awards if a is not yakima]
    roles = {}
    if yakima:
        roles[yakima.pk] = "yakima"
    if others:
        roles.setdefault(others[0].pk, "pending")
    if len(others) > 1:
        roles.setdefault(others[1].pk, "reduced")
    if len(others) > 2:
        roles.setdefault(others[-1].pk, "final")
    for award in awards:
        ensure_budget_lines(award)
        if award.invoices.exists():
            continue
        member = (
            Membership.objects.filter(organization_id=award.organization_id, is_active=True)
            .select_related("user")
            .order_by("role", "pk")
            .first()
        )
        # Grantees without a portal account sent paper invoices, which Commerce staff entered for them.
        _award_invoices(award, roles.get(award.pk), member.user if member else None, manager, fiscal)


def _award_invoices(award, role, member, manager, fiscal):
    quarters = _expenditures(award)
    last = len(quarters) - 1
    for index, (period, spent) in enumerate(quarters):
        amounts = _split(award, spent)
        status, extra = S.PAID, {}
        if role == "yakima" and index == last - 1:
            status = S.APPROVED
        elif role == "yakima" and index == last:
            status = S.RETURNED
        elif role == "pending" and index == last:
            status = S.SUBMITTED
        elif role == "reduced" and index == 2:
            extra["reductions"] = {"personnel": (amounts.get("personnel", ZERO) / 5).quantize(CENT)}
        final = role == "final" and index == last
        _invoice(
            award,
            f"INV-{index + 1:03d}",
            period,
            amounts,
            status=status,
            member=member,
            manager=manager,
            fiscal=fiscal,
            is_final=final,
            **extra,
        )
    if role == "pending" and quarters:
        # A draft billing personnel beyond the line's tolerance: the portal refuses to send it as it is.
        period, _spent = quarters[-1]
        budget = {line.category: line.amount for line in award.budget_lines.all()}
        over = (budget.get("personnel", ZERO) * Decimal("0.5")).quantize(CENT)
        _invoice(
            award,
            f"INV-{len(quarters) + 1:03d}",
            period,
            {"personnel": over},
            status=S.DRAFT,
            member=member,
            manager=manager,
            fiscal=fiscal,
            notes="Personnel costs of the whole project year, billed at once.",
        )
