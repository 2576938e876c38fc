"""URLs of disbursements: grantee pages under /my/invoices/, staff pages under /staff/invoices/."""

from django.urls import path

from ..views.applicant import invoices as grantee
from ..views.staff import invoices as staff

urlpatterns = [
    path("my/invoices/", grantee.invoices_home, name="invoices_home"),
    path("my/invoices/awards/<int:award_id>/new/", grantee.invoice_create, name="invoice_create"),
    path("my/invoices/awards/<int:award_id>/ledger/", grantee.award_ledger, name="invoice_ledger"),
    path("my/invoices/<int:invoice_id>/", grantee.invoice_detail, name="invoice_detail"),
    path("my/invoices/<int:invoice_id>/edit/", grantee.invoice_edit, name="invoice_edit"),
    path("my/invoices/<int:invoice_id>/autosave/", grantee.invoice_autosave, name="invoice_autosave"),
    path(
        "my/invoices/<int:invoice_id>/files/", grantee.invoice_attachment_add, name="invoice_attachment_add"
    ),
    path(
        "my/invoices/<int:invoice_id>/files/<int:attachment_id>/remove/",
        grantee.invoice_attachment_remove,
        name="invoice_attachment_remove",
    ),
    path(
        "files/invoice-attachments/<int:attachment_id>/",
        grantee.invoice_attachment_download,
        name="invoice_attachment_download",
    ),
    path("staff/invoices/", staff.invoice_board, name="staff_invoices"),
    path("staff/invoices/payments.csv", staff.payments_export, name="staff_payments_export"),
    path("staff/invoices/register.csv", staff.register_export, name="staff_invoice_register"),
    path("staff/invoices/<int:invoice_id>/", staff.invoice_review, name="staff_invoice"),
    path("staff/invoices/<int:invoice_id>/approve/", staff.invoice_approve, name="staff_invoice_approve"),
    path("staff/invoices/<int:invoice_id>/return/", staff.invoice_return, name="staff_invoice_return"),
    path("staff/invoices/<int:invoice_id>/release/", staff.invoice_release, name="staff_invoice_release"),
    path("staff/awards/<int:award_id>/ledger/", staff.award_ledger, name="staff_award_ledger"),
]
