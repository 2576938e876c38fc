"""Factories for budget lines, invoices and their lines."""

from decimal import Decimal

import factory

from grants.models import AwardBudgetLine, Invoice, InvoiceLine

from .awards import AwardFactory


class AwardBudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardBudgetLine

    award = factory.SubFactory(AwardFactory)
    category = "personnel"
    amount = Decimal("50000.00")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    award = factory.SubFactory(AwardFactory)
    number = factory.Sequence(lambda n: f"INV-{n:04d}")
    status = Invoice.Status.DRAFT


class InvoiceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    invoice = factory.SubFactory(InvoiceFactory)
    category = "personnel"
    requested = Decimal("1000.00")
