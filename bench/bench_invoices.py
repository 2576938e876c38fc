"""Disbursements at scale: 600 awards x 24 invoices (14,400 invoices, 43,200 lines).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_issue_12 .venv/bin/python bench/bench_invoices.py
Creates (once) 600 awards in the round ``clep-2023`` with their budget lines and 24 monthly invoices each (most
paid, some approved, submitted or returned), then times (median of 5 runs) and counts the queries of:
- the staff invoice board: first page, a status filter, a deep page;
- one award's ledger and reconciliation (selectors) and the staff ledger page;
- ``paid_by_award`` over the round (what the read model uses) and the payments file.
Targets: board and ledger page under 0.5 s, with the same number of queries whatever the size.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.sessions.backends.base import SessionBase  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.disbursement_rules import default_lines  # noqa: E402
from grants.models import (  # noqa: E402
    Application,
    Award,
    AwardBudgetLine,
    FundingRound,
    Invoice,
    InvoiceLine,
    Organization,
)
from grants.selectors import invoices as selectors  # noqa: E402
from grants.views.staff import invoices as staff_views  # noqa: E402

AWARDS = 600
INVOICES = 24
PREFIX = "BENCH-I-"
START = date(2023, 7, 1)
S = Invoice.Status


def _status(award_index, month):
    if month < 20:
        return S.PAID
    return [S.APPROVED, S.SUBMITTED, S.RETURNED, S.PAID][(award_index + month) % 4]


@transaction.atomic
def build(funding_round):
    if Invoice.objects.filter(award__contract_number__startswith=PREFIX).count() == AWARDS * INVOICES:
        return
    manager, _ = User.objects.get_or_create(
        email="bench-manager@example.org", defaults={"role": "program_manager"}
    )
    fiscal, _ = User.objects.get_or_create(email="bench-fiscal@example.org", defaults={"role": "fiscal"})
    organizations = Organization.objects.bulk_create(
        [Organization(legal_name=f"Bench payee {i:03d}", org_type="nonprofit") for i in range(AWARDS)]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round, organization=o, reference=f"{PREFIX}{i:03d}", status="submitted"
            )
            for i, o in enumerate(organizations)
        ]
    )
    awards = Award.objects.bulk_create(
        [
            Award(
                funding_round=funding_round,
                application=a,
                organization=a.organization,
                contract_number=f"{PREFIX}{i:03d}",
                amount=Decimal("240000.00"),
                period_start=START,
                period_end=date(2025, 6, 30),
            )
            for i, a in enumerate(applications)
        ]
    )
    AwardBudgetLine.objects.bulk_create(
        [
            AwardBudgetLine(award=award, category=category, amount=amount)
            for award in awards
            for category, amount in default_lines(award.amount).items()
        ]
    )
    invoices = []
    for index, award in enumerate(awards):
        for month in range(INVOICES):
            start = date(START.year + (START.month + month - 1) // 12, (START.month + month - 1) % 12 + 1, 1)
            end = date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
            status = _status(index, month)
            invoices.append(
                Invoice(
                    award=award,
                    number=f"INV-{month + 1:03d}",
                    status=status,
                    period_start=start,
                    period_end=end,
                    submitted_at=django.utils.timezone.make_aware(
                        django.utils.timezone.datetime.combine(
                            end + timedelta(days=10), django.utils.timezone.datetime.min.time()
                        )
                    ),
                    approved_by=manager if status in (S.APPROVED, S.PAID) else None,
                    paid_on=end + timedelta(days=40) if status == S.PAID else None,
                    payment_reference=f"ACH-{index:03d}{month:02d}" if status == S.PAID else "",
                    payment_released_by=fiscal if status == S.PAID else None,
                    is_final=month == INVOICES - 1,
                )
            )
    invoices = Invoice.objects.bulk_create(invoices, batch_size=2000)
    lines = []
    for invoice in invoices:
        approved = invoice.status in (S.APPROVED, S.PAID)
        for category, amount in (("personnel", "5500.00"), ("supplies", "800.00"), ("travel", "400.00")):
            lines.append(
                InvoiceLine(
                    invoice=invoice,
                    category=category,
                    requested=Decimal(amount),
                    approved=Decimal(amount) if approved else None,
                )
            )
    InvoiceLine.objects.bulk_create(lines, batch_size=5000)


def timed(function, runs=5):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def _request(path, params, user):
    request = RequestFactory().get(path, params)
    request.user = user
    request.LANGUAGE_CODE = "en"
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    return request


def measure(label, function):
    function()  # warm-up: the first call may create an award's budget lines
    with CaptureQueriesContext(connection) as queries:
        response = function()
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    seconds, _ = timed(function)
    print(f"{label:<46} {seconds * 1000:8.1f} ms  {len(queries):3d} queries")
    return response


def main():
    call_command("migrate", verbosity=0)
    funding_round = FundingRound.objects.get(slug="clep-2023")
    started = time.perf_counter()
    build(funding_round)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load, as autovacuum would give
    awards = Award.objects.filter(contract_number__startswith=PREFIX)
    print(
        f"{awards.count()} awards, {Invoice.objects.filter(award__in=awards).count()} invoices, "
        f"{InvoiceLine.objects.filter(invoice__award__in=awards).count()} lines "
        f"(set-up {time.perf_counter() - started:.1f} s)"
    )
    manager = User.objects.get(email="bench-manager@example.org")
    board = staff_views.invoice_board.__wrapped__  # the view body without the MFA gate (no session here)
    slug = {"round": "clep-2023"}
    measure("invoice board, first page", lambda: board(_request("/staff/invoices/", slug, manager)))
    measure(
        "invoice board, status=submitted",
        lambda: board(_request("/staff/invoices/", {**slug, "status": "submitted"}, manager)),
    )
    measure(
        "invoice board, page 200",
        lambda: board(_request("/staff/invoices/", {**slug, "page": "200"}, manager)),
    )
    award = awards.order_by("contract_number").last()
    measure("ledger(award) selector", lambda: selectors.ledger(award))
    measure("reconciliation(award) selector", lambda: selectors.reconciliation(award))
    ledger_view = staff_views.award_ledger.__wrapped__
    measure(
        "staff ledger page of one award",
        lambda: ledger_view(_request(f"/staff/awards/{award.pk}/ledger/", {}, manager), award.pk),
    )
    paid = measure("paid_by_award(round), 600 awards", lambda: selectors.paid_by_award(funding_round))
    print(f"  paid over the round: ${sum(paid.values()):,.2f}")
    measure("payments file rows (whole round)", lambda: sum(1 for _ in selectors.payment_rows(funding_round)))


if __name__ == "__main__":
    main()
