"""Grantee pages of disbursements: invoices by award, the invoice form with receipts, submit, the ledger.

Only the owner or a member of the award's organization reaches these pages (anyone else gets a 404).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.invoices import InvoiceAttachmentForm, InvoiceForm, SubmitInvoiceForm
from ...lifecycles.invoices import EDITABLE, INVOICE
from ...models import InvoiceAttachment
from ...selectors import invoices as selectors
from ...selectors.quarterly import member_award_or_404
from ...services import ServiceError
from ...services import invoices as services
from ...uploads import stored_name
from ..access import award_in_url, invoice_attachment_in_url, invoice_in_url, permission_required
from ..downloads import send_file


@permission_required("applicant.home")
def invoices_home(request):
    """Each award of the person's organizations with its invoices, and a button to start one."""
    awards = selectors.member_awards_with_invoices(request.user)
    return render(request, "grants/applicant/invoices_home.html", {"awards": awards})


@permission_required("invoice.edit", award_in_url)
@require_POST
def invoice_create(request, award_id):
    award = member_award_or_404(request.user, award_id)
    try:
        invoice = services.create_invoice(award, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("grants:invoices_home")
    return redirect("grants:invoice_edit", invoice_id=invoice.pk)


def _form_context(invoice, form, **extra):
    return {
        "invoice": invoice,
        "award": invoice.award,
        "form": form,
        "attachments": selectors.attachments_of(invoice),
        "attachment_form": InvoiceAttachmentForm(),
        "is_editable": invoice.status in EDITABLE,
        **extra,
    }


@permission_required("invoice.edit", invoice_in_url)
def invoice_edit(request, invoice_id):
    """The draft form; saving keeps what follows the rules and shows what does not, keeping every entry."""
    invoice = selectors.member_invoice_or_404(request.user, invoice_id)
    if invoice.status not in EDITABLE:
        return redirect("grants:invoice_detail", invoice_id=invoice.pk)
    budget = selectors.budget_of(invoice.award)
    if request.method == "POST":
        form = InvoiceForm(request.POST, budget=budget)
        form.is_valid()
        try:
            result = services.save_invoice_draft(invoice, by=request.user, data=form.service_data())
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("grants:invoice_detail", invoice_id=invoice.pk)
        if result.errors:
            form.add_rule_errors(result.errors)
            return render(request, "grants/applicant/invoice_form.html", _form_context(result.invoice, form))
        if "review" in request.POST:
            return redirect("grants:invoice_detail", invoice_id=invoice.pk)
        messages.success(request, _("Your draft was saved."))
        return redirect("grants:invoice_edit", invoice_id=invoice.pk)
    form = InvoiceForm(invoice=invoice, lines=selectors.lines_of(invoice), budget=budget)
    return render(request, "grants/applicant/invoice_form.html", _form_context(invoice, form))


@permission_required("invoice.edit", invoice_in_url)
@require_POST
def invoice_autosave(request, invoice_id):
    """htmx: save the draft as the grantee types; answers with a short status read out by screen readers."""
    invoice = selectors.member_invoice_or_404(request.user, invoice_id)
    form = InvoiceForm(request.POST)
    try:
        result = services.save_invoice_draft(invoice, by=request.user, data=form.service_data())
    except ServiceError as error:
        return render(
            request, "grants/applicant/_autosave_status.html", {"message": str(error), "is_error": True}
        )
    if result.errors:
        message = _("Draft saved, except: %(errors)s") % {"errors": " ".join(result.errors.values())}
    else:
        message = _("Draft saved at %(time)s.") % {"time": result.invoice.updated_at.strftime("%H:%M")}
    return render(
        request,
        "grants/applicant/_autosave_status.html",
        {"message": message, "is_error": bool(result.errors)},
    )


@permission_required("invoice.edit", invoice_in_url)
@require_POST
def invoice_attachment_add(request, invoice_id):
    invoice = selectors.member_invoice_or_404(request.user, invoice_id)
    form = InvoiceAttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("grants:invoice_edit", invoice_id=invoice.pk)
    try:
        services.add_invoice_attachment(
            invoice,
            by=request.user,
            uploaded_file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was attached."))
    return redirect("grants:invoice_edit", invoice_id=invoice.pk)


@permission_required("invoice.edit", invoice_in_url)
@require_POST
def invoice_attachment_remove(request, invoice_id, attachment_id):
    invoice = selectors.member_invoice_or_404(request.user, invoice_id)
    attachment = get_object_or_404(
        InvoiceAttachment, pk=attachment_id, invoice=invoice, removed_at__isnull=True
    )
    try:
        services.remove_invoice_attachment(attachment, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("grants:invoice_edit", invoice_id=invoice.pk)


@permission_required("invoice.view", invoice_in_url)
def invoice_detail(request, invoice_id):
    """The invoice as Commerce sees it, what still stops it from being sent, and the certified submit."""
    invoice = selectors.member_invoice_or_404(request.user, invoice_id)
    form = SubmitInvoiceForm(request.POST or None)
    if request.method == "POST":
        try:
            services.submit_invoice(invoice, by=request.user, certified=form.is_valid())
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Invoice %(number)s was sent to Commerce.") % {"number": invoice.number}
            )
            return redirect("grants:invoices_home")
    can_submit = INVOICE.can(invoice, "submit")
    return render(
        request,
        "grants/applicant/invoice_detail.html",
        {
            "invoice": invoice,
            "award": invoice.award,
            "lines": list(invoice.lines.exclude(requested=0)),
            "total": selectors.invoice_total(invoice),
            "attachments": selectors.attachments_of(invoice),
            "errors": services.submission_errors(invoice) if can_submit else {},
            "can_submit": can_submit,
            "form": form,
        },
    )


@permission_required("invoice.view", award_in_url)
def award_ledger(request, award_id):
    """The award's ledger by budget line and the unspent balance, for its grantee."""
    award = member_award_or_404(request.user, award_id)
    return render(
        request, "grants/applicant/invoice_ledger.html", {"award": award, "ledger": selectors.ledger(award)}
    )


@permission_required("invoice.receipt", invoice_attachment_in_url)
def invoice_attachment_download(request, attachment_id):
    """A receipt, for the organization's members and Commerce disbursement staff with MFA."""
    attachment = invoice_attachment_in_url(request, attachment_id)
    name = stored_name(attachment.original_name, attachment.content_type)
    return send_file(attachment.file, name, attachment.content_type)
