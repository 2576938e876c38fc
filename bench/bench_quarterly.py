"""Quarterly data at scale: 200 awards x 8 quarters x 24 metrics (38,400 values).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_wt5 .venv/bin/python bench/bench_quarterly.py
Creates (once) 200 awards in the round ``clep-2023`` with every quarter submitted, then times:
- the submissions board (first page and the status counts) and its number of queries;
- the long-format CSV export of every value;
- re-importing the same values with ``import_quarterly`` (must change nothing).
Targets: board under 0.5 s with a constant number of queries; export under 5 s; re-import under 10 s.
Measured on the dev container (PostgreSQL 15): board 0.15 to 0.25 s in 6 queries, export 1.6 s, re-import 2.2 s.
"""

import csv
import io
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from grants.models import (  # noqa: E402
    Application,
    Award,
    FundingRound,
    Metric,
    MetricValue,
    Organization,
    QuarterlyReport,
    ReportingPeriod,
)
from grants.schedule import reporting_quarters  # noqa: E402
from grants.services.quarterly import import_quarterly_file  # noqa: E402
from grants.services.reporting_periods import new_reporting_period  # noqa: E402
from grants.views.staff import quarterly as staff_views  # noqa: E402

AWARDS = 200
PREFIX = "BENCH-Q-"


@transaction.atomic
def build(funding_round):
    if Award.objects.filter(contract_number__startswith=PREFIX).count() == AWARDS:
        return
    metrics = list(Metric.objects.filter(funding_round=funding_round))
    organizations = Organization.objects.bulk_create(
        [Organization(legal_name=f"Bench grantee {i:03d}", org_type="nonprofit") for i in range(AWARDS)]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round, organization=o, reference=f"BENCH-Q-{i:03d}", status="submitted"
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
                amount=Decimal("100000.00"),
                period_start=date(2023, 8, 1),
                period_end=date(2025, 6, 30),
            )
            for i, a in enumerate(applications)
        ]
    )
    quarters = reporting_quarters(date(2023, 8, 1), date(2025, 6, 30), 30)[:8]
    periods = ReportingPeriod.objects.bulk_create(
        [new_reporting_period(award, q) for award in awards for q in quarters]
    )
    reports = QuarterlyReport.objects.bulk_create(
        [QuarterlyReport(period=p, status="accepted", version=1, highlights="Bench") for p in periods]
    )
    MetricValue.objects.bulk_create(
        [
            MetricValue(
                report=r,
                metric=m,
                number=None if m.kind == "text" else Decimal(str((r.pk * 7 + m.pk) % 90)),
                text="Bench PD records" if m.kind == "text" else "",
            )
            for r in reports
            for m in metrics
        ]
    )


def timed(function, runs=3):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def main():
    call_command("migrate", verbosity=0)
    funding_round = FundingRound.objects.get(slug="clep-2023")
    build(funding_round)
    values = MetricValue.objects.filter(report__period__award__contract_number__startswith=PREFIX).count()
    print(f"{AWARDS} awards, {values} values")

    from accounts.models import User

    manager = User(email="bench@example.org", role="program_manager")
    request = RequestFactory().get("/staff/submissions/", {"round": "clep-2023"})
    request.user = manager
    request.LANGUAGE_CODE = "en"
    request._messages = []

    def board():
        # The view body without the role check (the bench has no MFA session).
        return staff_views.submissions.__wrapped__(request)

    with CaptureQueriesContext(connection) as queries:
        board()
    seconds, _ = timed(board)
    print(f"board: {seconds:.3f} s, {len(queries)} queries")

    export_request = RequestFactory().get("/staff/submissions/export.csv", {"round": "clep-2023"})
    export_request.user = manager
    seconds, response = timed(lambda: staff_views.submissions_export.__wrapped__(export_request))
    lines = response.content.decode().count("\n")
    print(f"export: {seconds:.3f} s, {lines} lines")

    data = response.content
    start = time.perf_counter()
    result = import_quarterly_file(funding_round, data)
    print(
        f"re-import of the export: {time.perf_counter() - start:.3f} s, {len(result.rows)} rows, "
        f"{result.changed} reports changed, {len(result.errors)} errors"
    )
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == ["contract_number", "quarter", "metric", "value"]


if __name__ == "__main__":
    main()
