"""The staff screening list and application detail pages of a round of 5,000 applications, without and with the
eligibility-outcomes cache.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_bench_program .venv/bin/python bench/bench_screening.py
Creates (once) a statewide round ``bench-screening`` with 5,000 applications (submitted, some withdrawn, a fifth
from law-enforcement agencies, 100 staff overrides), signs a program manager with an authenticator in through the
Django test client, and requests each page RUNS times: first with the cache off (ELIGIBILITY_CACHE_SECONDS=0,
every request evaluates the round), then read from the shared cache (each request as if in a new process), then
with the cache warm in the process. Prints the median and 90th percentile time and the number of queries per
request. The shared cache is whatever CACHES says (locmem without REDIS_URL, Redis with it).
"""

import argparse
import os
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.models import Application, County, EligibilityOverride, FundingRound, Organization, Program  # noqa: E402
from grants.selectors import eligibility as eligibility_selectors  # noqa: E402
from grants.selectors.eligibility import compute_round_outcomes  # noqa: E402
from grants.services.eligibility import invalidate_round_outcomes  # noqa: E402
from tests.factories import sign_in_with_code  # noqa: E402

SIZE = 5_000
SLUG = "bench-screening"
TYPES = ["nonprofit"] * 6 + ["public_agency"] * 2 + ["law_enforcement"] * 2 + ["for_profit"]
COMMUNITIES = ["Downtown", "Eastside", "Westside", "Northgate", "Riverside", "Hillcrest", "Valley", "Harbor"]
MANAGER = "bench-manager@example.org"


@transaction.atomic
def build_round():
    rng = random.Random(2026)
    counties = list(County.objects.all())
    funding_round, _ = FundingRound.objects.get_or_create(
        slug=SLUG,
        defaults={
            "program": Program.objects.get(slug="clep"),
            "name": "Screening benchmark",
            "is_statewide": True,
        },
    )
    funding_round.eligible_counties.set(counties)
    if Application.objects.filter(funding_round=funding_round).count() == SIZE:
        return funding_round
    Application.objects.filter(funding_round=funding_round).delete()
    Organization.objects.bulk_create(
        [Organization(legal_name=f"Screening org {i:05d}", org_type=rng.choice(TYPES)) for i in range(SIZE)],
        ignore_conflicts=True,
    )
    organizations = Organization.objects.filter(legal_name__startswith="Screening org ").order_by(
        "legal_name"
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organization=organization,
                reference=f"S-{i:05d}",
                status="withdrawn" if rng.random() < 0.05 else "submitted",
                project_title=f"Project {i}",
                communities=rng.sample(COMMUNITIES, rng.randint(0, 2)),
                has_public_safety_engagement_experience=rng.random() < 0.95,
                has_community_engagement=rng.random() < 0.95,
                has_law_enforcement_partner=rng.random() < 0.9,
                has_dei_partner=rng.random() < 0.9,
                has_measurable_goals=rng.random() < 0.95,
            )
            for i, organization in enumerate(organizations)
        ],
        batch_size=1000,
    )
    through = Application.counties.through
    through.objects.bulk_create(
        [
            through(application_id=application.pk, county_id=county.pk)
            for application in applications
            for county in rng.sample(counties, rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    manager = manager_account()
    EligibilityOverride.objects.bulk_create(
        [
            EligibilityOverride(
                application=a, is_eligible=rng.random() < 0.5, reason="bench", decided_by=manager
            )
            for a in rng.sample(applications, 100)
        ]
    )
    invalidate_round_outcomes(funding_round)  # bulk_create sends no signal
    return funding_round


def manager_account():
    user, _ = User.objects.get_or_create(
        email=MANAGER, defaults={"role": User.Role.PROGRAM_MANAGER, "full_name": "Bench Manager"}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, url, runs, forget_recent=False):
    timings, queries = [], set()
    for _ in range(runs):
        if forget_recent:  # as if each request went to another process: read from the shared cache
            eligibility_selectors._RECENT.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries.add(len(captured.captured_queries))
    return statistics.median(timings), percentile(timings, 0.9), sorted(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    setup_test_environment()
    print(
        f"database: {connection.vendor} {connection.settings_dict.get('NAME')}; cache: {settings.CACHES['default']['BACKEND']}"
    )
    started = time.perf_counter()
    funding_round = build_round()
    print(f"set-up: {time.perf_counter() - started:.1f} s")
    outcomes = compute_round_outcomes(funding_round)
    print(
        f"applications: {len(outcomes)} ({sum(o.is_eligible for o in outcomes.values())} eligible, "
        f"{sum(bool(o.blocked_by) for o in outcomes.values())} law-enforcement blocked); "
        f"cached outcomes: {len(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL)) / 1e6:.1f} MB pickled"
    )
    blocked = min((o for o in outcomes.values() if o.blocked_by), key=lambda o: o.facts.reference)
    # Staff pages need this session's second factor (accounts.mfa): sign in as with a code.
    client = sign_in_with_code(Client(), manager_account())
    pages = {
        "screening list": reverse("grants:screening_list", args=[funding_round.slug]),
        "application detail": reverse("grants:staff_application_detail", args=[blocked.facts.id]),
    }
    print(f"{'page':<20} {'cache':<6} {'median':>9} {'p90':>9}  queries   ({args.runs} requests each)")
    for name, url in pages.items():
        with override_settings(ELIGIBILITY_CACHE_SECONDS=0):
            client.get(url)  # templates and translations loaded once, as in a running server
            median, p90, queries = measure(client, url, args.runs)
        print(f"{name:<20} {'off':<6} {median * 1000:7.1f}ms {p90 * 1000:7.1f}ms  {queries}")
        cache.clear()
        eligibility_selectors._RECENT.clear()
        client.get(url)  # warms the round's cached outcomes, shared and in this process
        median, p90, queries = measure(client, url, args.runs, forget_recent=True)
        print(f"{name:<20} {'shared':<6} {median * 1000:7.1f}ms {p90 * 1000:7.1f}ms  {queries}")
        median, p90, queries = measure(client, url, args.runs)
        print(f"{name:<20} {'warm':<6} {median * 1000:7.1f}ms {p90 * 1000:7.1f}ms  {queries}")


if __name__ == "__main__":
    main()
