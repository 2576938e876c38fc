"""Two processes submitting and approving at the same moment cannot overspend an award (PostgreSQL row locks).

Marked ``worker`` so CI, which runs PostgreSQL, runs it; skipped on SQLite (which has no row locks).
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from grants.models import Invoice
from grants.selectors.invoices import ledger
from tests.worker import ROOT, _test_database_url

from .invoice_fixtures import approved, draft, world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SCRIPT = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")
django.setup()
from accounts.models import User
from grants.models import Invoice
from grants.services import ServiceError
from grants.services import invoices as services
from django.utils import timezone

action, invoice_id, user_id, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
invoice = Invoice.objects.select_related("award").get(pk=invoice_id)
user = User.objects.get(pk=user_id)
while time.time() < start_at:
    time.sleep(0.001)
try:
    if action == "submit":
        services.submit_invoice(invoice, by=user, certified=True)
    else:
        services.release_payment(invoice, by=user, paid_on=timezone.localdate(), reference=f"ACH-{user_id}")
except ServiceError as error:
    print("refused:", error)
else:
    print("ok")
"""


def _race(action, pairs):
    """Run ``action`` on each (invoice, user) in its own process, all starting at the same instant."""
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "EMAIL_URL": "consolemail://"}
    start_at = time.time() + 3
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, action, str(invoice.pk), str(user.pk), str(start_at)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for invoice, user in pairs
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
        outputs.append(out.strip().splitlines()[-1])  # the notice email is printed before it
    return outputs


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite has no row locks; CI runs it")


def test_two_processes_submitting_at_once_cannot_overspend_the_award(postgres_only):
    w = world(amount=Decimal("100000.00"))
    # Each fits alone (personnel line 55,000 + 10%); together they would exceed the line's 60,500.
    first = draft(w, {"personnel": "40000.00"})
    second = draft(w, {"personnel": "40000.00"}, start=w.award.period_start + timedelta(days=100))
    outputs = _race("submit", [(first, w.member), (second, w.member)])
    assert sorted(o.split(":")[0] for o in outputs) == ["ok", "refused"], outputs
    assert Invoice.objects.filter(status=Invoice.Status.SUBMITTED).count() == 1
    assert ledger(w.award).lines[0].pending <= Decimal("60500.00")


def test_two_fiscal_officers_releasing_one_invoice_at_once_pay_it_once(postgres_only):
    from tests.factories import FiscalOfficerFactory

    w = world(amount=Decimal("100000.00"))
    invoice = approved(w, {"supplies": "5000.00"})
    outputs = _race("release", [(invoice, w.fiscal), (invoice, FiscalOfficerFactory())])
    assert sorted(o.split(":")[0] for o in outputs) == ["ok", "refused"], outputs
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.history.filter(status=Invoice.Status.PAID).count() == 1
