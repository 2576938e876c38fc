"""Shared set-up for disbursement tests: an award running today, its budget, a member, a manager, fiscal staff."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.models import Award, Invoice
from grants.services import invoices as services
from grants.services.budgets import ensure_budget_lines
from tests.factories import (
    AwardFactory,
    FiscalOfficerFactory,
    MembershipFactory,
    ProgramManagerFactory,
    UserFactory,
    activate_totp,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    award: Award
    member: object
    manager: object
    fiscal: object

    @property
    def start(self):
        return self.award.period_start


def world(amount=Decimal("100000.00"), language="en"):
    """An award of ``amount`` running from a year ago to a year from now, split by the default budget
    (personnel 55%, contracted services 15%, training 10%, supplies 8%, travel 4%, indirect 8%)."""
    today = timezone.localdate()
    award = AwardFactory(
        amount=amount, period_start=today - timedelta(days=365), period_end=today + timedelta(days=365)
    )
    ensure_budget_lines(award)
    member = UserFactory(preferred_language=language)
    MembershipFactory(user=member, organization=award.organization)
    manager = ProgramManagerFactory()
    fiscal = FiscalOfficerFactory()
    activate_totp(manager)
    activate_totp(fiscal)
    return World(award=award, member=member, manager=manager, fiscal=fiscal)


def pdf(name="receipts.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def draft(w, lines=None, *, start=None, end=None, is_final=False, attach=True):
    """A draft invoice on ``w.award`` billing ``lines`` ({category: amount text}) over [start, end]."""
    invoice = services.create_invoice(w.award, by=w.member)
    start = start or w.award.period_start
    end = end or start + timedelta(days=89)
    result = services.save_invoice_draft(
        invoice,
        by=w.member,
        data={
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "is_final": is_final,
            "lines": lines if lines is not None else {"personnel": "10000.00", "supplies": "500.00"},
        },
    )
    assert not result.errors, result.errors
    if attach:
        services.add_invoice_attachment(invoice, by=w.member, uploaded_file=pdf())
    return Invoice.objects.get(pk=invoice.pk)


def submitted(w, lines=None, **kwargs):
    invoice = draft(w, lines, **kwargs)
    return services.submit_invoice(invoice, by=w.member, certified=True)


def approved(w, lines=None, **kwargs):
    invoice = submitted(w, lines, **kwargs)
    return services.approve_invoice(invoice, by=w.manager)


def paid(w, lines=None, **kwargs):
    invoice = approved(w, lines, **kwargs)
    return services.release_payment(invoice, by=w.fiscal, paid_on=timezone.localdate(), reference="ACH-1001")
