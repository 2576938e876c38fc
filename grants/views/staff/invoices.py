"""Staff pages of disbursements: the invoice board, reviewing an invoice (managers approve or return, fiscal
officers release payment), an award's ledger, reconciliation and budget, and the CSV exports.

Program managers and fiscal officers with MFA reach these pages; which buttons a person sees, and what the
services accept, come from the permission map and the invoice lifecycle.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_files import streaming_csv_response

from ...forms.invoices import (
    ApproveInvoiceForm,
    BudgetForm,
    InvoiceBoardFilter,
    PaymentForm,
    ReturnInvoiceForm,
)
from ...lifecycles.invoices import INVOICE
from ...models import Award, FundingRound
from ...permissions import has_permission
from ...selectors import invoices as selectors
from ...services import ServiceError
from ...services import budgets as budget_services
from ...services import invoices as services
from ..access import permission_required

PAGE_SIZE = 50


def _round(request):
    """The round named by ?round=, else the newest round with awards (else the newest round)."""
    slug = request.GET.get("round")
    if slug:
        return get_object_or_404(FundingRound, slug=slug)
    rounds = FundingRound.objects.order_by("-opens_on")
    return rounds.filter(awards__isnull=False).first() or rounds.first()


@permission_required("invoice.board")
def invoice_board(request):
    """Every invoice sent to Commerce in the round, filterable by status and grantee, paginated."""
    funding_round = _round(request)
    board = InvoiceBoardFilter(request.GET)
    invoices = board.apply(selectors.board_invoices(funding_round))
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_totals(page.object_list)
    counts = selectors.board_counts(funding_round)
    states = [s for s in INVOICE.states if s != "draft"]
    return render(
        request,
        "grants/staff/invoices.html",
        {
            "funding_round": funding_round,
            "rounds": FundingRound.objects.order_by("-opens_on"),
            "filter": board,
            "page": page,
            "counts": [(state, INVOICE.states[state], counts.get(state, 0)) for state in states],
        },
    )


def _review_context(request, invoice, **forms):
    user = request.user
    lines = list(invoice.lines.exclude(requested=0))
    permissions = {
        action: has_permission(f"invoice.{action}", user, invoice)
        for action in ("approve", "return", "release_payment")
    }
    return {
        "invoice": invoice,
        "award": invoice.award,
        "lines": lines,
        "total": selectors.invoice_total(invoice),
        "approved_total": selectors.invoice_total(invoice, approved=True),
        "attachments": selectors.attachments_of(invoice),
        "ledger": selectors.ledger(invoice.award),
        "history": invoice.history.select_related("history_user").order_by("-history_date")[:20],
        "can": {
            action: INVOICE.can(invoice, action) and bool(allowed) for action, allowed in permissions.items()
        },
        "refusals": {action: allowed.reason for action, allowed in permissions.items() if not allowed},
        "approve_form": forms.get("approve_form") or ApproveInvoiceForm(lines=lines),
        "return_form": forms.get("return_form") or ReturnInvoiceForm(),
        "payment_form": forms.get("payment_form")
        or PaymentForm(initial={"paid_on": timezone.localdate().isoformat()}),
    }


@permission_required("invoice.board")
def invoice_review(request, invoice_id):
    invoice = selectors.invoice_or_404(invoice_id)
    if invoice.status == invoice.Status.DRAFT:
        messages.info(request, _("This invoice is still a draft of the grantee."))
        return redirect("grants:staff_invoices")
    return render(request, "grants/staff/invoice_review.html", _review_context(request, invoice))


def _refused(request, invoice, error, **forms):
    """Show the refusal on the invoice page, keeping what was typed; nothing changed."""
    messages.error(request, str(error))
    invoice = selectors.invoice_or_404(invoice.pk)
    return render(
        request, "grants/staff/invoice_review.html", _review_context(request, invoice, **forms), status=400
    )


@permission_required("invoice.board")
@require_POST
def invoice_approve(request, invoice_id):
    invoice = selectors.invoice_or_404(invoice_id)
    form = ApproveInvoiceForm(request.POST, lines=list(invoice.lines.exclude(requested=0)))
    try:
        services.approve_invoice(invoice, by=request.user, approved=form.amounts(), reasons=form.reasons())
    except ServiceError as error:
        return _refused(request, invoice, error, approve_form=form)
    messages.success(request, _("Invoice %(number)s was approved.") % {"number": invoice.number})
    return redirect("grants:staff_invoice", invoice_id=invoice.pk)


@permission_required("invoice.board")
@require_POST
def invoice_return(request, invoice_id):
    invoice = selectors.invoice_or_404(invoice_id)
    form = ReturnInvoiceForm(request.POST)
    try:
        services.return_invoice(invoice, by=request.user, comment=request.POST.get("comment", ""))
    except ServiceError as error:
        return _refused(request, invoice, error, return_form=form)
    messages.success(
        request, _("Invoice %(number)s was returned to the grantee.") % {"number": invoice.number}
    )
    return redirect("grants:staff_invoice", invoice_id=invoice.pk)


@permission_required("invoice.board")
@require_POST
def invoice_release(request, invoice_id):
    invoice = selectors.invoice_or_404(invoice_id)
    form = PaymentForm(request.POST)
    try:
        services.release_payment(
            invoice,
            by=request.user,
            paid_on=request.POST.get("paid_on", ""),
            reference=request.POST.get("reference", ""),
        )
    except ServiceError as error:
        return _refused(request, invoice, error, payment_form=form)
    messages.success(
        request, _("The payment of invoice %(number)s was recorded.") % {"number": invoice.number}
    )
    return redirect("grants:staff_invoice", invoice_id=invoice.pk)


@permission_required("invoice.board")
def award_ledger(request, award_id):
    """An award's ledger by line, its reconciliation with the quarterly reports, and its budget (managers amend)."""
    award = get_object_or_404(Award.objects.select_related("organization", "funding_round"), pk=award_id)
    budget_services.ensure_budget_lines(award)
    form = None
    can_amend = has_permission("budget.amend", request.user, award)
    if request.method == "POST":
        form = BudgetForm(request.POST)
        try:
            budget_services.amend_budget(
                award, by=request.user, amounts=form.amounts(), reason=request.POST.get("reason", "")
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The budget was changed."))
            return redirect("grants:staff_award_ledger", award_id=award.pk)
    return render(
        request,
        "grants/staff/award_ledger.html",
        {
            "award": award,
            "ledger": selectors.ledger(award),
            "reconciliation": selectors.reconciliation(award),
            "invoices": selectors.with_totals(
                selectors.board_invoices().filter(award=award).order_by("number")
            ),
            "budget_form": form or BudgetForm(budget=selectors.budget_of(award)),
            "can_amend": bool(can_amend),
        },
        status=400 if form is not None else 200,
    )


@permission_required("invoice.board")
def payments_export(request):
    """The payments file for the state's accounting system: one row per paid invoice line."""
    funding_round = _round(request)
    rows = [selectors.PAYMENT_COLUMNS, *selectors.payment_rows(funding_round)] if funding_round else []
    return streaming_csv_response(f"payments-{getattr(funding_round, 'slug', 'none')}.csv", rows)


@permission_required("invoice.board")
def register_export(request):
    """The invoice register: every invoice sent to Commerce in the round."""
    funding_round = _round(request)
    rows = [selectors.REGISTER_COLUMNS, *selectors.register_rows(funding_round)] if funding_round else []
    return streaming_csv_response(f"invoice-register-{getattr(funding_round, 'slug', 'none')}.csv", rows)
