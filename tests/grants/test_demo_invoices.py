"""The invoices demo loader: every state, a returned invoice, a draft over a line's tolerance that is refused,
a final invoice ready to close; idempotent; a no-op without awards."""

import pytest

from grants.demo import invoices as demo
from grants.demo import quarterly as quarterly_demo
from grants.demo.accounts import load_accounts
from grants.models import Invoice, InvoiceLine, Organization
from grants.selectors.invoices import ledger, reconciliation
from grants.services.invoices import submission_errors

from .quarterly_fixtures import grantee_award

pytestmark = pytest.mark.django_db


def test_without_awards_it_does_nothing():
    load_accounts()
    demo.load()
    assert not Invoice.objects.exists()


@pytest.fixture
def demo_awards(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_accounts()
    yakima = Organization.objects.get(legal_name="Yakima Valley Unidos")
    awards = [grantee_award(application__organization=yakima)[0]]
    awards += [grantee_award()[0] for _ in range(3)]
    quarterly_demo.load()
    return awards


def test_demo_invoices_in_every_state_with_the_rules_kept(demo_awards):
    demo.load()
    states = set(Invoice.objects.values_list("status", flat=True))
    assert states == set(Invoice.Status.values)
    returned = Invoice.objects.get(status=Invoice.Status.RETURNED)
    assert returned.award.organization.legal_name == "Yakima Valley Unidos" and returned.return_comment
    draft = Invoice.objects.get(status=Invoice.Status.DRAFT)
    errors = submission_errors(draft)
    assert "line_personnel" in errors and "more than this line allows" in errors["line_personnel"]
    for invoice in Invoice.objects.filter(status__in=[Invoice.Status.APPROVED, Invoice.Status.PAID]):
        assert invoice.approved_by_id != invoice.payment_released_by_id  # two people
    assert InvoiceLine.objects.exclude(reduction_reason="").exists()
    assert any(ledger(award).is_ready_to_close for award in demo_awards)
    for award in demo_awards:
        total = ledger(award).total
        assert total.paid + total.pending <= award.amount
    assert any(row.is_flagged for award in demo_awards for row in reconciliation(award))


def test_loading_twice_changes_nothing(demo_awards):
    demo.load()
    counts = (Invoice.objects.count(), InvoiceLine.objects.count(), Invoice.history.count())
    demo.load()
    assert (Invoice.objects.count(), InvoiceLine.objects.count(), Invoice.history.count()) == counts
