"""Benchmark: generate the final report (figures, charts, PDF, CSV zip) at CLEP scale and at 500 grantees.

    .venv/bin/python bench/bench_reports.py            # both scales
    .venv/bin/python bench/bench_reports.py --grantees 15

Builds its own SQLite database in a temporary directory (bulk inserts, no factories), then runs each
generation in a child process so its wall time, CPU time and peak memory (max RSS of the whole process) are its
own. On a shared machine, CPU time is the steadier figure.
Targets (issue 6): 15 grantees x 8 quarters < 3 s; 500 grantees x 8 quarters < 30 s and < 600 MB.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGETS = {15: (3.0, None), 500: (30.0, 600)}


def setup_django(database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")
    os.environ.setdefault("MEDIA_ROOT", str(Path(database).parent / "media"))
    import django

    django.setup()


def build(grantees):
    """``grantees`` awards of the 2021 pilot with eight accepted quarterly reports and every shared metric."""
    from datetime import date, datetime, time, timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from grants.models import (
        Application,
        Award,
        County,
        FundingRound,
        Goal,
        MetricValue,
        Organization,
        QuarterlyReport,
        ReportingPeriod,
    )
    from grants.schedule import reporting_quarters
    from grants.services.reporting_periods import new_reporting_period
    from tests.reporting.builders import SHARED_METRICS, value_for

    call_command("migrate", verbosity=0)
    pilot = FundingRound.objects.get(slug="clep-2021")
    # The catalog the migration seeds (the shared metric codes).
    metrics = list(pilot.metrics.filter(code__in=[code for code, _category, _kind in SHARED_METRICS]))
    assert len(metrics) == len(SHARED_METRICS)
    counties = list(County.objects.filter(rounds=pilot).order_by("fips")) or list(County.objects.all())
    organizations = Organization.objects.bulk_create(
        Organization(legal_name=f"Grantee {i:03d} Community Partnership", org_type="nonprofit")
        for i in range(grantees)
    )
    applications = Application.objects.bulk_create(
        Application(
            funding_round=pilot,
            organization=org,
            reference=f"BENCH-{i:04d}",
            status="submitted",
            project_title=f"Project {i}",
            project_summary="Community dialogue, youth engagement and officer training. " * 4,
        )
        for i, org in enumerate(organizations)
    )
    Goal.objects.bulk_create(
        Goal(
            application=a,
            description="Dialogue sessions",
            metric="Sessions",
            metric_code="dialogue_sessions",
            target=Decimal("20"),
            timeframe="Two years",
        )
        for a in applications
    )
    awards = Award.objects.bulk_create(
        Award(
            funding_round=pilot,
            application=a,
            organization=a.organization,
            contract_number=f"BENCH-{i:04d}",
            amount=Decimal("100000.00") + i,
            period_start=date(2021, 10, 1),
            period_end=date(2023, 9, 30),
        )
        for i, a in enumerate(applications)
    )
    Award.counties.through.objects.bulk_create(
        Award.counties.through(award_id=award.pk, county_id=counties[i % len(counties)].fips)
        for i, award in enumerate(awards)
    )
    quarters = reporting_quarters(date(2021, 10, 1), date(2023, 9, 30), pilot.report_due_days)
    periods = ReportingPeriod.objects.bulk_create(
        new_reporting_period(award, q) for award in awards for q in quarters
    )
    reports = QuarterlyReport.objects.bulk_create(
        QuarterlyReport(
            period=p,
            status="accepted",
            version=1,
            submitted_at=timezone.make_aware(datetime.combine(p.due_on - timedelta(days=1), time(12))),
        )
        for p in periods
    )
    index_of = {award.pk: i for i, award in enumerate(awards)}
    values = []
    for report, period in zip(reports, periods, strict=True):
        i, q = (
            index_of[period.award_id],
            quarters.index(
                next(x for x in quarters if x.year == period.year and x.quarter == period.quarter)
            ),
        )
        for metric in metrics:
            if metric.kind == "text":
                values.append(MetricValue(report=report, metric=metric, text="County sheriff's office"))
            else:
                values.append(MetricValue(report=report, metric=metric, number=value_for(metric.code, i, q)))
    MetricValue.objects.bulk_create(values, batch_size=5000)


def generate():
    """Child process: generate one final report, print its seconds, size and peak memory.

    Imports reporting.tasks and statsmodels first, as a Celery worker does when it starts (matplotlib, WeasyPrint,
    statsmodels). The run renders the English report and its Spanish and Tagalog summaries."""
    import reporting.tasks
    from grants.models import FundingRound
    from reporting.models import ReportRun
    from reporting.services import create_run, generate

    reporting.tasks.preload_statistics()  # as the worker_init signal does when a worker starts
    started, cpu_started = time.perf_counter(), time.process_time()
    run = generate(create_run("final", FundingRound.objects.get(slug="clep-2021"), {}).pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if run.status != ReportRun.Status.SUCCEEDED:
        raise SystemExit(f"report failed: {run.error}")
    pdf = run.artifacts.get(kind="pdf")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"{seconds:.2f} {cpu:.2f} {pdf.size} {peak_kb}")


def bench(grantees):
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - this script with fixed arguments
            [sys.executable, __file__, "--build", str(grantees), "--database", str(database)], check=True
        )
        built = time.perf_counter() - started
        result = subprocess.run(  # noqa: S603 - this script with fixed arguments
            [sys.executable, __file__, "--generate", "--database", str(database)],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, cpu, size, peak_kb = result.stdout.split()[-4:]
        peak_mb = int(peak_kb) / 1024
    time_target, memory_target = TARGETS.get(grantees, (None, None))
    verdict = []
    if time_target:
        verdict.append("time OK" if float(seconds) < time_target else f"wall time OVER {time_target:g} s")
    if memory_target:
        verdict.append("memory OK" if peak_mb < memory_target else f"memory OVER {memory_target} MB")
    print(
        f"final report, {grantees} grantees × 8 quarters: {float(seconds):.2f} s wall ({float(cpu):.2f} s CPU), peak RSS {peak_mb:.0f} MB, "
        f"PDF {int(size) / 1024:.0f} KB (data built in {built:.1f} s) — {', '.join(verdict) or 'no target'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grantees", type=int, action="append")
    parser.add_argument("--build", type=int)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--database")
    args = parser.parse_args()
    if args.build:
        setup_django(args.database)
        build(args.build)
    elif args.generate:
        setup_django(args.database)
        generate()
    else:
        for grantees in args.grantees or [15, 500]:
            bench(grantees)


if __name__ == "__main__":
    main()
