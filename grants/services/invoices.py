"""Verbs of reimbursement invoices: create and autosave a draft, attach receipts, submit, return, approve (with
line reductions), release payment, import payments made before the portal.

Each verb checks the permission map (grants.permissions) and the lifecycle (grants.lifecycles.invoices), locks
the award row so concurrent requests cannot overspend it, writes with a history reason, then notifies.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from portal.notifications import notify

from ..disbursement_rules import (
    ZERO,
    MoneyError,
    dollars,
    limit_errors,
    parse_money,
    payment_deadline,
    payment_refusal,
    periods_overlap,
)
from ..lifecycles.invoices import EDITABLE, INVOICE
from ..models import Award, BudgetCategory, Invoice, InvoiceAttachment, InvoiceLine, Membership
from ..permissions import check_permission
from ..selectors import invoices as selectors
from ..uploads import UploadRefused, check_upload
from .budgets import ensure_budget_lines
from .errors import ServiceError

S = Invoice.Status
NOTES_MAX = 5000


def today():
    return timezone.localdate()


def _lock_award(award_id):
    """Every verb that changes what is committed on an award holds its row: two approvals wait for each other."""
    return Award.objects.select_for_update().select_related("funding_round", "organization").get(pk=award_id)


def _lock_invoice(invoice):
    award = _lock_award(invoice.award_id)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    invoice.award = award
    return invoice


def _check_editable(invoice):
    if invoice.status not in EDITABLE:
        raise ServiceError(_("This invoice was sent to Commerce and can no longer be changed."))


def terminated_on(award):
    """The day the award was terminated (from its history), or None."""
    if award.status != Award.Status.TERMINATED:
        return None
    record = award.history.filter(status=Award.Status.TERMINATED).order_by("history_date").first()
    return timezone.localdate(record.history_date) if record else today()


def _deadline(award):
    return payment_deadline(period_end=award.period_end, terminated_on=terminated_on(award))


# --- Drafts -------------------------------------------------------------------------------------------------
@transaction.atomic
def create_invoice(award, *, by):
    """Start a draft invoice on an award, numbered in order (INV-001, INV-002 …)."""
    check_permission("invoice.edit", by, award)
    award = _lock_award(award.pk)
    if award.status == Award.Status.CLOSED:
        raise ServiceError(_("This award is closed: no more invoices can be sent."))
    ensure_budget_lines(award)
    number = f"INV-{award.invoices.count() + 1:03d}"
    while award.invoices.filter(number=number).exists():
        number = f"INV-{int(number[4:]) + 1:03d}"
    invoice = Invoice(award=award, number=number, created_by=by)
    invoice._change_reason = f"Draft started by {by.email}"
    invoice.save()
    return invoice


@dataclass
class DraftResult:
    invoice: Invoice
    errors: dict = field(default_factory=dict)


def _parse_day(raw, errors, name):
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        value = parse_date(str(raw).strip())
    except ValueError:
        value = None
    if value is None:
        errors[name] = _("Enter a date as YYYY-MM-DD.")
    return value


@transaction.atomic
def save_invoice_draft(invoice, *, by, data):
    """Keep what the grantee typed that is valid (a draft may be incomplete) and report the rest.

    ``data``: period_start, period_end (ISO dates), is_final (bool), notes, lines {category: amount text}.
    """
    check_permission("invoice.edit", by, invoice.award)
    invoice = _lock_invoice(invoice)
    _check_editable(invoice)
    errors = {}
    for name in ("period_start", "period_end"):
        if name in data:
            setattr(invoice, name, _parse_day(data[name], errors, name))
    if "is_final" in data:
        invoice.is_final = bool(data["is_final"])
    if "notes" in data:
        invoice.notes = (data["notes"] or "").strip()[:NOTES_MAX]
    if invoice.period_start and invoice.period_end and invoice.period_start > invoice.period_end:
        errors["period_end"] = _("The period must end on or after the day it starts.")
    lines = selectors.lines_of(invoice)
    for category, raw in (data.get("lines") or {}).items():
        if category not in BudgetCategory.values:
            continue
        try:
            amount = parse_money(raw)
        except MoneyError as error:
            errors[f"line_{category}"] = str(error)
            continue
        line = lines.get(category)
        if amount is None or amount == ZERO:
            if line is not None:
                line.requested = ZERO
                line._change_reason = "Draft saved"
                line.save()
            continue
        if line is None:
            line = InvoiceLine(invoice=invoice, category=category, requested=amount)
        elif line.requested == amount:
            continue
        line.requested = amount
        line._change_reason = "Draft saved"
        line.save()
    invoice._change_reason = "Draft saved"
    invoice.save()
    return DraftResult(invoice=invoice, errors=errors)


@transaction.atomic
def add_invoice_attachment(invoice, *, by, uploaded_file, description=""):
    """Attach a receipt or payroll record (checked by content: PDF, DOCX, XLSX, PNG, JPEG, 10 MB)."""
    check_permission("invoice.edit", by, invoice.award)
    invoice = _lock_invoice(invoice)
    _check_editable(invoice)
    try:
        checked = check_upload(uploaded_file)
    except UploadRefused as error:
        raise ServiceError(str(error)) from error
    attachment = InvoiceAttachment(
        invoice=invoice,
        file=uploaded_file,
        original_name=(uploaded_file.name or "file")[:255],
        content_type=checked.content_type,
        size=checked.size,
        description=(description or "").strip()[:200],
        uploaded_by=by,
    )
    attachment._change_reason = f"Uploaded by {by.email}"
    attachment.save()
    return attachment


@transaction.atomic
def remove_invoice_attachment(attachment, *, by):
    """Take a file off a draft; it is kept, marked removed (nothing is silently deleted)."""
    check_permission("invoice.edit", by, attachment.invoice.award)
    invoice = _lock_invoice(attachment.invoice)
    _check_editable(invoice)
    attachment = InvoiceAttachment.objects.get(pk=attachment.pk, invoice=invoice)
    attachment.removed_at = timezone.now()
    attachment._change_reason = f"Removed by {by.email}"
    attachment.save()
    return attachment


# --- Submission ---------------------------------------------------------------------------------------------
def _requested(invoice):
    return {line.category: line.requested for line in invoice.lines.all() if line.requested}


def submission_errors(invoice, *, on=None):
    """Everything that stops an invoice being sent: {field or line: message}. Reads only."""
    on = on or today()
    award = invoice.award
    errors = {}
    start, end = invoice.period_start, invoice.period_end
    if not start or not end:
        errors["period"] = _("Enter the period the costs were incurred in.")
    elif start > end:
        errors["period"] = _("The period must end on or after the day it starts.")
    elif start < award.period_start or end > award.period_end:
        errors["period"] = _(
            "The period must fall within the award's period of performance, %(start)s to %(end)s."
        ) % {
            "start": date_format(award.period_start, "DATE_FORMAT"),
            "end": date_format(award.period_end, "DATE_FORMAT"),
        }
    elif start > on:
        errors["period"] = _(
            "Only costs already incurred can be billed: the period cannot start in the future."
        )
    requested = _requested(invoice)
    if not requested:
        errors["lines"] = _("Enter the amount spent on at least one budget line.")
    if not invoice.attachments.filter(removed_at__isnull=True).exists():
        errors["attachments"] = _("Attach the receipts or payroll records that support this invoice.")
    if requested:
        limits = limit_errors(
            award_amount=award.amount,
            lines=selectors.budget_of(award),
            tolerance_percent=award.funding_round.invoice_line_tolerance_percent,
            committed=selectors.committed_by_line(award, excluding=invoice),
            adding=requested,
            labels=selectors.category_labels(),
        )
        errors.update({f"line_{key}" if key != "__all__" else "balance": msg for key, msg in limits.items()})
    if "period" not in errors and requested:
        overlapping = (
            InvoiceLine.objects.filter(
                invoice__award_id=award.pk,
                invoice__status__in=(S.SUBMITTED, S.APPROVED, S.PAID),
                category__in=list(requested),
                requested__gt=0,
                invoice__period_start__lte=end,
                invoice__period_end__gte=start,
            )
            .exclude(invoice_id=invoice.pk)
            .select_related("invoice")
        )
        for line in overlapping:
            if periods_overlap(start, end, line.invoice.period_start, line.invoice.period_end):
                errors[f"overlap_{line.category}"] = _(
                    "%(line)s: invoice %(number)s already bills this line for %(start)s to %(end)s, which "
                    "overlaps this period."
                ) % {
                    "line": line.get_category_display(),
                    "number": line.invoice.number,
                    "start": date_format(line.invoice.period_start, "DATE_FORMAT"),
                    "end": date_format(line.invoice.period_end, "DATE_FORMAT"),
                }
    if (
        invoice.is_final
        and Invoice.objects.filter(
            award_id=award.pk, is_final=True, status__in=(S.SUBMITTED, S.APPROVED, S.PAID)
        )
        .exclude(pk=invoice.pk)
        .exists()
    ):
        errors["is_final"] = _("This award already has a final invoice.")
    if award.status == Award.Status.CLOSED:
        errors["award"] = _("This award is closed: no more invoices can be sent.")
    else:
        refusal = payment_refusal(
            deadline=_deadline(award),
            is_final=invoice.is_final,
            grace_days=award.funding_round.final_invoice_grace_days,
            on=on,
        )
        if refusal:
            errors["award"] = refusal
    return errors


@transaction.atomic
def submit_invoice(invoice, *, by, certified):
    """Send the invoice to Commerce with the certification; it is locked until Commerce returns it."""
    check_permission("invoice.submit", by, invoice.award)
    invoice = _lock_invoice(invoice)
    INVOICE.check(invoice, "submit")
    if not certified:
        raise ServiceError(
            _(
                "Confirm the certification: the costs were incurred for this award and are not billed elsewhere."
            )
        )
    errors = submission_errors(invoice)
    if errors:
        raise ServiceError(
            _("The invoice cannot be sent yet: %(errors)s") % {"errors": " ".join(errors.values())}
        )
    for line in invoice.lines.all():
        if line.requested == ZERO:
            continue
        if line.approved is not None or line.reduction_reason:
            line.approved, line.reduction_reason = None, ""
            line._change_reason = "Resubmitted"
            line.save()
    invoice.status = S.SUBMITTED
    invoice.certified_at = invoice.submitted_at = timezone.now()
    invoice.submitted_by = by
    invoice._change_reason = f"Submitted by {by.email}"
    invoice.save()
    _notify_members(invoice, "invoice_submitted")
    _notify_staff(invoice, "invoice_to_review", User.Role.PROGRAM_MANAGER)
    return invoice


# --- Review -------------------------------------------------------------------------------------------------
@transaction.atomic
def return_invoice(invoice, *, by, comment):
    """Send the invoice back to the grantee for correction; the comments are required and emailed."""
    comment = (comment or "").strip()
    check_permission("invoice.return", by, invoice)
    invoice = _lock_invoice(invoice)
    INVOICE.check(invoice, "return")
    if not comment:
        raise ServiceError(_("Say what needs to change: comments are required to return an invoice."))
    invoice.status = S.RETURNED
    invoice.return_comment = comment[:NOTES_MAX]
    invoice.returned_at = timezone.now()
    invoice.returned_by = by
    invoice._change_reason = f"Returned by {by.email}: {comment[:200]}"
    invoice.save()
    _notify_members(invoice, "invoice_returned", comment=invoice.return_comment)
    return invoice


@transaction.atomic
def approve_invoice(invoice, *, by, approved=None, reasons=None):
    """Approve the invoice, reducing a line when needed (the reason is required and shown to the grantee).

    ``approved`` {category: amount text}; a line not named is approved as billed.
    """
    check_permission("invoice.approve", by, invoice)
    invoice = _lock_invoice(invoice)
    INVOICE.check(invoice, "approve")
    approved, reasons = approved or {}, reasons or {}
    labels = selectors.category_labels()
    lines = [line for line in invoice.lines.all() if line.requested]
    decided = {}
    for line in lines:
        label = labels[line.category]
        raw = approved.get(line.category)
        try:
            amount = parse_money(raw)
        except MoneyError as error:
            raise ServiceError(f"{label}: {error}") from error
        amount = line.requested if amount is None else amount
        if amount > line.requested:
            raise ServiceError(
                _("%(line)s: the approved amount cannot be more than the %(billed)s billed.")
                % {"line": label, "billed": dollars(line.requested)}
            )
        reason = (reasons.get(line.category) or "").strip()
        if amount < line.requested and not reason:
            raise ServiceError(_("%(line)s: give the reason for the reduction.") % {"line": label})
        decided[line.category] = (line, amount, reason if amount < line.requested else "")
    award = invoice.award
    limits = limit_errors(
        award_amount=award.amount,
        lines=selectors.budget_of(award),
        tolerance_percent=award.funding_round.invoice_line_tolerance_percent,
        committed=selectors.committed_by_line(award, excluding=invoice),
        adding={category: amount for category, (_line, amount, _r) in decided.items()},
        labels=labels,
    )
    if limits:
        raise ServiceError(" ".join(limits.values()))
    for line, amount, reason in decided.values():
        line.approved = amount
        line.reduction_reason = reason
        line._change_reason = f"Approved by {by.email}" + (f", reduced: {reason}" if reason else "")
        line.save()
    invoice.status = S.APPROVED
    invoice.approved_at = timezone.now()
    invoice.approved_by = by
    invoice._change_reason = f"Approved by {by.email}"
    invoice.save()
    total = sum((amount for _line, amount, _r in decided.values()), ZERO)
    reductions = [
        f"{labels[line.category]}: {dollars(line.requested)} → {dollars(amount)} ({reason})"
        for line, amount, reason in decided.values()
        if reason
    ]
    _notify_members(invoice, "invoice_approved", amount=f"{total:,.2f}", reductions=reductions)
    _notify_staff(invoice, "invoice_to_pay", User.Role.FISCAL, amount=f"{total:,.2f}")
    return invoice


# --- Payment ------------------------------------------------------------------------------------------------
@transaction.atomic
def release_payment(invoice, *, by, paid_on, reference):
    """Record the payment of an approved invoice (date and warrant or ACH number).

    Two-person rule: the fiscal officer must be neither the manager who approved it nor its submitter; the
    service asks the permission map, so a crafted request is refused like the page.
    """
    invoice = _lock_invoice(invoice)
    check_permission("invoice.release_payment", by, invoice)
    INVOICE.check(invoice, "release_payment")
    reference = (reference or "").strip()
    if not reference:
        raise ServiceError(_("Enter the warrant or ACH number of the payment."))
    errors = {}
    paid_on = _parse_day(paid_on, errors, "paid_on")
    if paid_on is None:
        raise ServiceError(errors.get("paid_on") or _("Enter the payment date."))
    if paid_on > today():
        raise ServiceError(_("The payment date cannot be in the future."))
    if invoice.approved_at and paid_on < timezone.localdate(invoice.approved_at):
        raise ServiceError(_("The payment date cannot be before the invoice was approved."))
    award = invoice.award
    refusal = payment_refusal(
        deadline=_deadline(award),
        is_final=invoice.is_final,
        grace_days=award.funding_round.final_invoice_grace_days,
        on=paid_on,
    )
    if refusal:
        raise ServiceError(refusal)
    committed = selectors.committed_by_line(award, excluding=invoice)
    amounts = {
        line.category: line.approved if line.approved is not None else line.requested
        for line in invoice.lines.all()
    }
    if sum(committed.values(), ZERO) + sum(amounts.values(), ZERO) > award.amount:
        raise ServiceError(
            _("Paying this invoice would bring the award over its amount of %(award)s.")
            % {"award": dollars(award.amount)}
        )
    invoice.status = S.PAID
    invoice.paid_on = paid_on
    invoice.payment_reference = reference[:60]
    invoice.payment_recorded_at = timezone.now()
    invoice.payment_released_by = by
    invoice._change_reason = f"Payment released by {by.email}: {reference}"
    invoice.save()
    _notify_members(
        invoice,
        "invoice_paid",
        amount=f"{sum(amounts.values(), ZERO):,.2f}",
        paid_on=paid_on.isoformat(),
        reference=invoice.payment_reference,
    )
    return invoice


# --- Notices ------------------------------------------------------------------------------------------------
def _notify_members(invoice, template, **context):
    award = invoice.award
    members = Membership.objects.filter(organization_id=award.organization_id, is_active=True).select_related(
        "user"
    )
    for membership in members:
        user = membership.user
        notify(
            template=template,
            email=user.email,
            recipient=user,
            context={
                "organization": award.organization.legal_name,
                "contract_number": award.contract_number,
                "invoice_number": invoice.number,
                "invoice_id": invoice.pk,
                **context,
            },
            dedupe_key=f"{template}:{invoice.pk}:{invoice.history.count()}:{user.pk}",
        )


def _notify_staff(invoice, template, role, **context):
    """Tell the staff who act next (managers review, fiscal officers pay), each in their language."""
    award = invoice.award
    for user in User.objects.filter(role=role, is_active=True):
        notify(
            template=template,
            email=user.email,
            recipient=user,
            context={
                "organization": award.organization.legal_name,
                "contract_number": award.contract_number,
                "invoice_number": invoice.number,
                "invoice_id": invoice.pk,
                **context,
            },
            dedupe_key=f"{template}:{invoice.pk}:{invoice.history.count()}:{user.pk}",
        )


# --- Payments made before the portal ------------------------------------------------------------------------
def import_payments(funding_round, data, *, by=None):
    """Load paid invoices from a file (grants.imports_payments): all or nothing; the same file twice changes
    nothing. Returns the parse result with ``created`` and ``unchanged`` set."""
    from ..imports_payments import LineError, parse_payments

    if by is not None:
        check_permission("payments.import", by)
    contracts = {award.contract_number: award for award in Award.objects.filter(funding_round=funding_round)}
    parsed = parse_payments(data, contracts)
    if not parsed.is_valid:
        return parsed
    labels = selectors.category_labels()
    with transaction.atomic():
        for award_id in sorted({contracts[i.contract_number].pk for i in parsed.invoices}):
            _lock_award(award_id)
        adding_by_award = {}
        new = []
        for item in parsed.invoices:
            award = contracts[item.contract_number]
            existing = Invoice.objects.filter(award=award, number=item.number).first()
            if existing is not None:
                stored = {line.category: line.approved for line in existing.lines.all() if line.requested}
                same = (
                    existing.status == S.PAID
                    and (
                        existing.period_start,
                        existing.period_end,
                        existing.paid_on,
                        existing.payment_reference,
                    )
                    == (item.period_start, item.period_end, item.paid_on, item.reference)
                    and stored == item.lines
                )
                if same:
                    parsed.unchanged += 1
                else:
                    parsed.errors.append(
                        LineError(
                            item.line,
                            "invoice_number",
                            _(
                                "Invoice %(number)s of %(contract)s already exists with other amounts or dates."
                            )
                            % {"number": item.number, "contract": item.contract_number},
                        )
                    )
                continue
            totals = adding_by_award.setdefault(award.pk, {})
            for category, amount in item.lines.items():
                totals[category] = totals.get(category, ZERO) + amount
            new.append(item)
        for award_id, adding in adding_by_award.items():
            award = next(a for a in contracts.values() if a.pk == award_id)
            ensure_budget_lines(award)
            first_line = min(i.line for i in new if contracts[i.contract_number].pk == award_id)
            for message in limit_errors(
                award_amount=award.amount,
                lines=selectors.budget_of(award),
                tolerance_percent=funding_round.invoice_line_tolerance_percent,
                committed=selectors.committed_by_line(award),
                adding=adding,
                labels=labels,
            ).values():
                parsed.errors.append(LineError(first_line, "amount", f"{award.contract_number}: {message}"))
        if parsed.errors:
            parsed.unchanged = 0
            return parsed
        now = timezone.now()
        for item in new:
            award = contracts[item.contract_number]
            invoice = Invoice(
                award=award,
                number=item.number,
                status=S.PAID,
                period_start=item.period_start,
                period_end=item.period_end,
                is_imported=True,
                paid_on=item.paid_on,
                payment_reference=item.reference,
                payment_recorded_at=now,
                payment_released_by=by,
                created_by=by,
            )
            invoice._change_reason = "Imported: paid before the portal"
            invoice.save()
            InvoiceLine.objects.bulk_create(
                InvoiceLine(invoice=invoice, category=category, requested=amount, approved=amount)
                for category, amount in item.lines.items()
            )
            parsed.created += 1
    return parsed
