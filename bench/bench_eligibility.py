"""Round-level eligibility of 10,000 applications over Washington's 39 counties.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_wt3 .venv/bin/python bench/bench_eligibility.py
Creates (once) a statewide round ``bench-10k`` with 10,000 submitted applications, then times
grants.selectors.eligibility.round_outcomes: the median of a few runs, and the number of queries,
which must not depend on the number of applications. Target: under 2 seconds.
"""

import os
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from grants.models import Application, County, EligibilityOverride, FundingRound, Organization, Program  # noqa: E402
from grants.selectors.eligibility import round_outcomes  # noqa: E402

SIZE = 10_000
RUNS = 5
SLUG = "bench-10k"
TYPES = ["nonprofit"] * 6 + ["public_agency"] * 2 + ["law_enforcement"] * 2 + ["for_profit"]
COMMUNITIES = ["Downtown", "Eastside", "Westside", "Northgate", "Riverside", "Hillcrest", "Valley", "Harbor"]


@transaction.atomic
def build_round():
    rng = random.Random(2021)
    program = Program.objects.first()
    counties = list(County.objects.all())
    funding_round, _ = FundingRound.objects.get_or_create(
        slug=SLUG, defaults={"program": program, "name": "Benchmark round", "is_statewide": True}
    )
    funding_round.eligible_counties.set(counties)
    if Application.objects.filter(funding_round=funding_round).count() == SIZE:
        return funding_round
    Application.objects.filter(funding_round=funding_round).delete()
    organizations = Organization.objects.bulk_create(
        [Organization(legal_name=f"Bench org {i:05d}", org_type=rng.choice(TYPES)) for i in range(SIZE)],
        ignore_conflicts=True,
    )
    organizations = list(
        Organization.objects.filter(legal_name__startswith="Bench org ").order_by("legal_name")
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organization=organization,
                reference=f"B-{i:05d}",
                status="withdrawn" if rng.random() < 0.05 else "submitted",
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
    user = None
    from accounts.models import User

    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"role": "program_manager"})
    EligibilityOverride.objects.bulk_create(
        [
            EligibilityOverride(
                application=a, is_eligible=rng.random() < 0.5, reason="bench", decided_by=user
            )
            for a in rng.sample(applications, 100)
        ]
    )
    return funding_round


def main():
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    started = time.perf_counter()
    funding_round = build_round()
    print(f"set-up: {time.perf_counter() - started:.1f} s")
    timings = []
    queries = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcomes = round_outcomes(funding_round)
            timings.append(time.perf_counter() - started)
        queries.append(len(captured.captured_queries))
    eligible = sum(o.is_eligible for o in outcomes.values())
    blocked = sum(bool(o.blocked_by) for o in outcomes.values())
    median = statistics.median(timings)
    print(f"applications: {len(outcomes)} ({eligible} eligible, {blocked} law-enforcement blocked)")
    print(
        f"round_outcomes: median {median:.3f} s over {RUNS} runs (min {min(timings):.3f}, max {max(timings):.3f})"
    )
    print(f"queries per evaluation: {sorted(set(queries))}")
    print("target < 2 s:", "met" if median < 2 else "NOT met")


if __name__ == "__main__":
    main()
