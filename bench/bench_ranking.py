"""The ranking and the coverage of a round of 500 applications, each scored by three reviewers.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_wt4 .venv/bin/python bench/bench_ranking.py
Creates (once) a statewide round ``bench-ranking`` with 500 submitted applications, the CLEP rubric and three
submitted reviews per application, then times grants.selectors.reviews.ranking and
grants.selectors.awards.coverage: the median of a few runs and the number of queries, which must not depend
on the round's size. Target: under 1 second each.
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

from accounts.models import User  # noqa: E402
from grants.models import (  # noqa: E402
    Application,
    County,
    FundingRound,
    Organization,
    Program,
    ReviewAssignment,
    RubricCriterion,
    Score,
)
from grants.programs.clep.rubric import CLEP_RUBRIC  # noqa: E402
from grants.selectors.awards import coverage  # noqa: E402
from grants.selectors.reviews import ranking  # noqa: E402

SIZE = 500
REVIEWERS = 3
RUNS = 5
SLUG = "bench-ranking"


@transaction.atomic
def build_round():
    rng = random.Random(2021)
    program = Program.objects.first()
    counties = list(County.objects.all())
    funding_round, _ = FundingRound.objects.get_or_create(
        slug=SLUG, defaults={"program": program, "name": "Ranking benchmark", "is_statewide": True}
    )
    funding_round.eligible_counties.set(counties)
    if Application.objects.filter(funding_round=funding_round, status="submitted").count() == SIZE:
        return funding_round
    criteria = [
        RubricCriterion.objects.get_or_create(
            funding_round=funding_round,
            code=spec["code"],
            defaults={**{k: v for k, v in spec.items() if k != "code"}, "order": order},
        )[0]
        for order, spec in enumerate(CLEP_RUBRIC)
    ]
    reviewers = [
        User.objects.get_or_create(email=f"bench-reviewer{i}@example.org", defaults={"role": "reviewer"})[0]
        for i in range(REVIEWERS)
    ]
    Organization.objects.bulk_create(
        [Organization(legal_name=f"Ranking org {i:04d}", org_type="nonprofit") for i in range(SIZE)],
        ignore_conflicts=True,
    )
    organizations = list(
        Organization.objects.filter(legal_name__startswith="Ranking org ").order_by("legal_name")
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organization=organization,
                reference=f"RANK-{i:04d}",
                status="submitted",
                requested_amount=rng.randrange(50_000, 150_000),
                has_public_safety_engagement_experience=True,
                has_community_engagement=True,
                has_law_enforcement_partner=True,
                has_dei_partner=True,
                has_measurable_goals=True,
            )
            for i, organization in enumerate(organizations)
        ]
    )
    Through = Application.counties.through
    Through.objects.bulk_create(
        [Through(application_id=a.pk, county_id=rng.choice(counties).pk) for a in applications]
    )
    assignments = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(application=a, reviewer=r, assigned_by=r, status="submitted", has_conflict=False)
            for a in applications
            for r in reviewers
        ]
    )
    Score.objects.bulk_create(
        [
            Score(assignment=s, criterion=c, score=rng.randrange(0, c.max_score + 1))
            for s in assignments
            for c in criteria
        ]
    )
    return funding_round


def timed(function, funding_round):
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            function(funding_round)
            durations.append(time.perf_counter() - start)
    return statistics.median(durations), len(queries)


def main():
    call_command("migrate", verbosity=0)
    funding_round = build_round()
    for name, function in (("ranking", ranking), ("coverage", coverage)):
        median, queries = timed(function, funding_round)
        verdict = "OK" if median < 1 else "SLOW"
        print(
            f"{name}: {SIZE} applications x {REVIEWERS} reviews: median {median:.3f}s, {queries} queries [{verdict}]"
        )


if __name__ == "__main__":
    main()
