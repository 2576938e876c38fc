"""Forms of disbursements: the grantee's invoice, its receipts, and staff's review, payment and budget forms.

Amounts are text fields: the rules (two decimals, not negative) live in grants.disbursement_rules and the
services, and what the person typed is shown back as typed when a rule refuses it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BudgetCategory, Invoice

AMOUNT_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "text-end"}


def _amount_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(attrs=AMOUNT_ATTRS),
    )


class InvoiceForm(forms.Form):
    """The draft: period, final or not, notes, and the amount per budget line."""

    period_start = forms.CharField(
        label=_("Costs incurred from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.CharField(
        label=_("Costs incurred until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_final = forms.BooleanField(
        label=_("This is the final invoice of the award"),
        required=False,
        help_text=_("The last invoice: once it is paid the award is ready to close."),
    )
    notes = forms.CharField(
        label=_("Notes for Commerce"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, invoice=None, lines=None, budget=None, **kwargs):
        if invoice is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "period_start": invoice.period_start.isoformat() if invoice.period_start else "",
                "period_end": invoice.period_end.isoformat() if invoice.period_end else "",
                "is_final": invoice.is_final,
                "notes": invoice.notes,
                **{
                    f"line_{c}": f"{line.requested:.2f}"
                    for c, line in (lines or {}).items()
                    if line.requested
                },
            }
        super().__init__(*args, **kwargs)
        budget = budget or {}
        for category, label in BudgetCategory.choices:
            help_text = (
                _("Budget: $%(amount)s") % {"amount": f"{budget[category]:,.2f}"}
                if category in budget
                else ""
            )
            self.fields[f"line_{category}"] = _amount_field(label, help_text)

    def line_fields(self):
        return [self[f"line_{category}"] for category in BudgetCategory.values]

    def service_data(self):
        """What the person typed, as the service takes it (raw text: the service checks the rules)."""
        data = self.data
        return {
            "period_start": data.get("period_start", ""),
            "period_end": data.get("period_end", ""),
            "is_final": data.get("is_final") in {"on", "true", "1", "True"},
            "notes": data.get("notes", ""),
            "lines": {category: data.get(f"line_{category}", "") for category in BudgetCategory.values},
        }

    def add_rule_errors(self, errors):
        for key, message in errors.items():
            self.add_error(key if key in self.fields else None, message)


class InvoiceAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Receipt or payroll record"),
        help_text=_("PDF, Word, Excel, PNG or JPEG, up to 10 MB."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class SubmitInvoiceForm(forms.Form):
    certified = forms.BooleanField(
        label=_(
            "I certify that these costs were incurred for this award's approved purposes during the period "
            "shown, are supported by the attached records, and are not billed to any other source."
        ),
        required=True,
    )


class ReturnInvoiceForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ApproveInvoiceForm(forms.Form):
    """One approved amount and reduction reason per billed line."""

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.requested]
        for line in self.lines:
            label = line.get_category_display()
            self.fields[f"approved_{line.category}"] = _amount_field(
                _("%(line)s: amount approved") % {"line": label},
                _("Billed: $%(amount)s. Leave as is to approve in full.")
                % {"amount": f"{line.requested:,.2f}"},
            )
            self.fields[f"approved_{line.category}"].initial = f"{line.requested:.2f}"
            self.fields[f"reason_{line.category}"] = forms.CharField(
                label=_("%(line)s: reason for a reduction") % {"line": label}, required=False, max_length=2000
            )

    def rows(self):
        return [
            (line, self[f"approved_{line.category}"], self[f"reason_{line.category}"]) for line in self.lines
        ]

    def amounts(self):
        return {line.category: self.data.get(f"approved_{line.category}", "") for line in self.lines}

    def reasons(self):
        return {line.category: self.data.get(f"reason_{line.category}", "") for line in self.lines}


class PaymentForm(forms.Form):
    paid_on = forms.CharField(label=_("Payment date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Warrant or ACH number"), max_length=60)


class BudgetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in BudgetCategory.choices:
            self.fields[f"line_{category}"] = _amount_field(label)
            if budget and category in budget:
                self.fields[f"line_{category}"].initial = f"{budget[category]:.2f}"
        self.order_fields([f"line_{c}" for c in BudgetCategory.values] + ["reason"])

    def amounts(self):
        return {category: self.data.get(f"line_{category}", "") for category in BudgetCategory.values}


class InvoiceBoardFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + [c for c in Invoice.Status.choices if c[0] != Invoice.Status.DRAFT],
    )
    q = forms.CharField(label=_("Grantee or contract"), required=False, max_length=100)

    def apply(self, invoices):
        if not self.is_valid():
            return invoices
        if self.cleaned_data.get("status"):
            invoices = invoices.filter(status=self.cleaned_data["status"])
        query = (self.cleaned_data.get("q") or "").replace("\x00", "").strip()
        if query:
            from django.db.models import Q

            invoices = invoices.filter(
                Q(award__contract_number__icontains=query)
                | Q(award__organization__legal_name__icontains=query)
            )
        return invoices
