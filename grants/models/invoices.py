"""Reimbursement invoices: what a grantee spent and bills Commerce for, its review and its payment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .applications import UploadedFile
from .awards import Award
from .budgets import BudgetCategory


class Invoice(models.Model):
    """A grantee's request for reimbursement over a period, by budget line (lifecycle: grants.lifecycles.invoices).

    The payment is recorded on the invoice itself (date and warrant or ACH reference) by a fiscal officer
    other than the manager who approved it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField(_("costs incurred from"), null=True, blank=True)
    period_end = models.DateField(_("costs incurred until"), null=True, blank=True)
    is_final = models.BooleanField(_("final invoice"), default=False)
    is_imported = models.BooleanField(
        default=False, help_text="Paid before the portal; loaded by import_payments."
    )
    notes = models.TextField(_("notes for Commerce"), blank=True)
    certified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_comment = models.TextField(_("comments from Commerce"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("payment date"), null=True, blank=True)
    payment_reference = models.CharField(_("warrant or ACH number"), max_length=60, blank=True)
    payment_recorded_at = models.DateTimeField(null=True, blank=True)
    payment_released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["award", "number"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="one_invoice_number_per_award")
        ]
        indexes = [
            models.Index(fields=["status", "award"]),
            # The staff board lists the newest submissions first, page by page.
            models.Index(fields=["-submitted_at", "-id"], name="invoice_board_order"),
        ]

    def __str__(self):
        return f"{self.award.contract_number} {self.number}"


class InvoiceLine(models.Model):
    """The amount billed on one budget line, and what the manager approved (with the reason for a reduction)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    category = models.CharField(_("budget line"), max_length=30, choices=BudgetCategory.choices)
    requested = models.DecimalField(_("amount billed"), max_digits=12, decimal_places=2)
    approved = models.DecimalField(
        _("amount approved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reduction_reason = models.TextField(_("reason for the reduction"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "category"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "category"], name="one_invoice_line_per_category"),
            models.CheckConstraint(condition=models.Q(requested__gte=0), name="invoice_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.invoice} {self.get_category_display()}"


class InvoiceAttachment(UploadedFile):
    """A receipt or payroll record backing an invoice; checked by content, removed only by marking it."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="invoices/%Y/%m/")
    history = HistoricalRecords()

    class Meta(UploadedFile.Meta):
        verbose_name = _("invoice attachment")
        verbose_name_plural = _("invoice attachments")
