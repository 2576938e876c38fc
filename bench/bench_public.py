"""The public dashboard and open data API at Commerce-wide scale, against a bare Django view.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_issue_13 REDIS_URL=redis://127.0.0.1:6379/10 \
      .venv/bin/python bench/bench_public.py
Creates (once) a statewide round ``bench-public`` with 5,000 applications, 600 awards and 8 accepted quarters
x 24 metrics each (115,200 values), then requests, through the whole middleware stack (Django's test client):
a bare view (``HttpResponse("ok")``), the dashboard and every API list. Each is asked once cold (cache empty:
the figures are computed) and then ``RUNS`` times warm; median and p90 are printed.
Target: every warm answer within 2x the bare view's median.
"""

import itertools
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

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from grants.models import (  # noqa: E402
    Application,
    Award,
    County,
    FundingRound,
    Metric,
    MetricValue,
    Organization,
    QuarterlyReport,
    ReportingPeriod,
)
from grants.schedule import reporting_quarters  # noqa: E402
from grants.services.reporting_periods import new_reporting_period  # noqa: E402
from opendata.cache import bump_version, forget_version  # noqa: E402

APPLICATIONS, AWARDS, RUNS = 5000, 600, 100
SLUG = "bench-public"
START, END = date(2023, 7, 1), date(2025, 6, 30)


def bare(request):
    return HttpResponse("ok")


def bare_json(request):
    return JsonResponse({"ok": True})


def bare_page(request):
    # The portal's page chrome (base.html: navigation, language switcher) around one sentence.
    return render(request, "opendata/bench_bare_page.html")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-json/", bare_json),
    path("bench/bare-page/", bare_page),
    path("", include("clep_portal.urls")),
]


@transaction.atomic
def build():
    template = FundingRound.objects.get(slug="clep-2023")
    funding_round, created = FundingRound.objects.get_or_create(
        slug=SLUG,
        defaults={
            "program": template.program,
            "name": "Bench statewide round",
            "is_statewide": True,
            "period_start": START,
            "period_end": END,
        },
    )
    if not created and Award.objects.filter(funding_round=funding_round).count() == AWARDS:
        return funding_round
    metrics = Metric.objects.bulk_create(
        [
            Metric(
                funding_round=funding_round,
                code=m.code,
                category=m.category,
                label=m.label,
                help_text=m.help_text,
                kind=m.kind,
                order=m.order,
                min_value=m.min_value,
                max_value=m.max_value,
            )
            for m in Metric.objects.filter(funding_round=template).order_by("order")
        ]
    )
    counties = list(County.objects.order_by("fips"))
    organizations = Organization.objects.bulk_create(
        [
            Organization(legal_name=f"Bench public {i:04d}", org_type="nonprofit", city="Olympia")
            for i in range(APPLICATIONS)
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organization=o,
                reference=f"BENCH-P-{i:04d}",
                status="submitted",
                project_title=f"Bench project {i}",
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
                contract_number=f"BENCH-P-{i:04d}",
                amount=Decimal("100000.00") + i,
                period_start=START,
                period_end=END,
            )
            for i, a in enumerate(applications[:AWARDS])
        ]
    )
    Award.counties.through.objects.bulk_create(
        [
            Award.counties.through(award_id=a.pk, county_id=counties[i % len(counties)].pk)
            for i, a in enumerate(awards)
        ]
    )
    quarters = reporting_quarters(START, END, 30)[:8]
    periods = ReportingPeriod.objects.bulk_create(
        [new_reporting_period(a, q) for a in awards for q in quarters]
    )
    reports = QuarterlyReport.objects.bulk_create(
        [QuarterlyReport(period=p, status="accepted", version=1, highlights="Bench") for p in periods]
    )
    MetricValue.objects.bulk_create(
        [
            MetricValue(
                report=r,
                metric=m,
                number=None if m.kind == "text" else Decimal((r.pk * 7 + m.pk) % 90),
                text="Bench PD records" if m.kind == "text" else "",
            )
            for r in reports
            for m in metrics
        ],
        batch_size=5000,
    )
    # Bulk writes send no signals: tell the public cache the data changed.
    bump_version()
    return funding_round


def addresses():
    # Each request from its own address, as when many people read the data: the API's per-address rate limit
    # (counted in the cache) then costs what it costs in production, and never answers 429 here.
    for n in itertools.count():
        yield f"198.18.{n // 250 % 250}.{n % 250 + 1}"


ADDRESSES = addresses()


def measure(client, url):
    cache.clear()
    forget_version()
    start = time.perf_counter()
    response = client.get(url, REMOTE_ADDR=next(ADDRESSES))
    cold = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    durations = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, REMOTE_ADDR=next(ADDRESSES))
        durations.append(time.perf_counter() - start)
        assert response.status_code == 200
    durations.sort()
    return cold, statistics.median(durations), durations[int(len(durations) * 0.9) - 1], len(response.content)


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build()
    print(
        f"{Application.objects.filter(funding_round__slug=SLUG).count()} applications, "
        f"{Award.objects.filter(funding_round__slug=SLUG).count()} awards, "
        f"{MetricValue.objects.filter(report__period__award__funding_round__slug=SLUG).count()} values "
        f"(ready in {time.perf_counter() - started:.1f} s); cache: {cache.__class__.__name__}"
    )
    urls = [
        "/bench/bare/",
        "/bench/bare-json/",
        "/bench/bare-page/",
        "/dashboard/",
        f"/dashboard/?round={SLUG}",
        "/api/v1/rounds/",
        "/api/v1/awards/",
        "/api/v1/organizations/",
        "/api/v1/quarterly-metrics/",
        "/api/v1/metric-definitions/",
        "/api/v1/reports/",
        "/api/v1/figures/",
        f"/api/v1/360giving.json?round={SLUG}",
        "/data.json",
    ]
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        results = {url: measure(client, url) for url in urls}
    bare_median = results["/bench/bare/"][1]
    # What each answer is compared with: a page with the portal's chrome, or a bare JSON view.
    baseline = {
        url: "/bench/bare-page/" if url.startswith("/dashboard/") else "/bench/bare-json/" for url in urls
    }
    print(f"{'URL':45} {'cold s':>7} {'median ms':>10} {'p90 ms':>8} {'x bare':>7} {'x like':>7} {'KB':>7}")
    failed = []
    for url, (cold, median, p90, size) in results.items():
        like = median / results[baseline[url]][1]
        print(
            f"{url:45} {cold:7.2f} {median * 1000:10.2f} {p90 * 1000:8.2f} {median / bare_median:7.2f} "
            f"{like:7.2f} {size / 1024:7.1f}"
        )
        if not url.startswith("/bench/") and like > 2:
            failed.append(url)
    print(
        "x bare: against HttpResponse('ok'); x like: against a bare page (base.html) or a bare JsonResponse"
    )
    print("within 2x of the like-for-like bare view:", "all" if not failed else "NOT " + ", ".join(failed))


if __name__ == "__main__":
    main()
