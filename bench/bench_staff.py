"""Staff pages and exports at Commerce scale: 5,000 applications and 600 awards in one round (or another size).

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/clep_issue_14 .venv/bin/python bench/bench_staff.py
Creates (once) a statewide round ``bench-staff`` with 5,000 submitted applications over the 39 counties (one in
ten from a law-enforcement agency, some failing a criterion), two submitted reviews of each, 600 award decisions
finalized into awards with eight reporting quarters each, then requests every staff page and export through
Django's test client as a signed-in program manager and prints the median and 90th percentile of each, with its
number of queries. For the screening CSV it also prints the time its SQL takes (the sum of its queries' times)
and the ratio. Targets: every staff page under 150 ms median (the issue names the screening list, application
detail and awards list); the screening CSV within 5x its SQL time.

The first pass reads eligibility outcomes as production does, through the per-round outcomes cache
(``grants.selectors.eligibility.round_outcomes``: one query for the round's ``outcomes_version``, then this
process's memory, then Django's cache), unless ``ELIGIBILITY_CACHE_SECONDS=0`` turns it off. With
``--cached-outcomes`` it also runs every page a second time with ``round_outcomes`` memoized outright (answered
from memory after its first call, without even the version query), so pages pay only for their own queries
and rendering.

With ``--only "screening CSV"`` (names as printed, comma-separated) it measures only those pages.

With ``--applications 2000 --awards 240`` (defaults 5000 and 600) it builds and measures a round of that size
instead: round ``bench-staff-2000-240``, organizations ``Staff bench 2000-240 org …``, contracts
``BENCH-2000-240-…``, so rounds of several sizes live side by side in one database (5000/600 keeps the names
``bench-staff``, ``Staff bench org …``, ``BENCH-…`` of the databases built before these options).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from grants.models import (  # noqa: E402
    Application,
    Award,
    AwardDecision,
    County,
    FundingRound,
    Organization,
    Program,
    ReportingPeriod,
    ReviewAssignment,
    RubricCriterion,
    Score,
)
from grants.programs.clep.rubric import CLEP_RUBRIC  # noqa: E402
from grants.schedule import reporting_quarters  # noqa: E402
from grants.services.reporting_periods import new_reporting_period  # noqa: E402
from tests.factories import sign_in_with_code  # noqa: E402

APPLICATIONS = 5000
AWARDS = 600
REVIEWERS = 2
RUNS = 11
PERIOD = (date(2021, 10, 1), date(2023, 9, 30))


def _user(email, role):
    user, created = User.objects.get_or_create(email=email, defaults={"role": role, "full_name": email})
    if created or not user.authenticator_set.exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def round_names(applications, awards):
    """The round's slug, its organizations' name prefix and its contract-number prefix for this size."""
    if (applications, awards) == (APPLICATIONS, AWARDS):
        return "bench-staff", "Staff bench org ", "BENCH-"
    size = f"{applications}-{awards}"
    return f"bench-staff-{size}", f"Staff bench {size} org ", f"BENCH-{size}-"


@transaction.atomic
def build_round(applications_count=APPLICATIONS, awards_count=AWARDS):
    rng = random.Random(14)
    slug, org_prefix, contract_prefix = round_names(applications_count, awards_count)
    manager = _user("bench-manager@example.org", User.Role.PROGRAM_MANAGER)
    reviewers = [_user(f"bench-staff-reviewer{i}@example.org", User.Role.REVIEWER) for i in range(REVIEWERS)]
    counties = list(County.objects.all())
    funding_round, _ = FundingRound.objects.get_or_create(
        slug=slug,
        defaults={
            "program": Program.objects.first(),
            "name": "Staff benchmark",
            "is_statewide": True,
            "period_start": PERIOD[0],
            "period_end": PERIOD[1],
        },
    )
    funding_round.eligible_counties.set(counties)
    existing = Application.objects.filter(funding_round=funding_round).count()
    if existing == applications_count:
        return funding_round, manager
    if existing:
        raise SystemExit(
            f"Round {slug} has {existing} applications, not {applications_count}: use a fresh database"
        )
    criteria = [
        RubricCriterion.objects.get_or_create(
            funding_round=funding_round,
            code=spec["code"],
            defaults={**{k: v for k, v in spec.items() if k != "code"}, "order": order},
        )[0]
        for order, spec in enumerate(CLEP_RUBRIC)
    ]
    Organization.objects.bulk_create(
        [
            Organization(
                legal_name=f"{org_prefix}{i:05d}",
                org_type="law_enforcement" if i % 10 == 0 else "nonprofit",
            )
            for i in range(applications_count)
        ],
        ignore_conflicts=True,
    )
    organizations = list(
        Organization.objects.filter(legal_name__startswith=org_prefix).order_by("legal_name")
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organization=organization,
                reference=f"STAFF-{i:05d}",
                status="withdrawn" if i % 97 == 0 else "submitted",
                project_title=f"Community partnership {i}",
                requested_amount=rng.randrange(50_000, 150_000),
                communities=[f"Community {rng.randrange(400)}"],
                has_public_safety_engagement_experience=i % 13 != 0,
                has_community_engagement=True,
                has_law_enforcement_partner=i % 17 != 0,
                has_dei_partner=True,
                has_measurable_goals=True,
                submitted_at=timezone.now(),
            )
            for i, organization in enumerate(organizations)
        ]
    )
    Through = Application.counties.through
    links = set()
    for application in applications:
        for county in rng.sample(counties, rng.choice((1, 1, 2))):
            links.add((application.pk, county.pk))
    Through.objects.bulk_create([Through(application_id=a, county_id=c) for a, c in links])
    assignments = ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                application=a,
                reviewer=r,
                assigned_by=manager,
                status="submitted",
                has_conflict=False,
                due_on=date(2021, 9, 15),
            )
            for a in applications
            for r in reviewers
        ]
    )
    Score.objects.bulk_create(
        [
            Score(assignment=s, criterion=c, score=rng.randrange(0, c.max_score + 1))
            for s in assignments
            for c in criteria
        ],
        batch_size=5000,
    )
    # Awards for the first awards_count (600) nonprofit applications that meet every criterion.
    awarded = [
        a
        for a in applications
        if a.status == "submitted"
        and a.organization.org_type != "law_enforcement"
        and a.has_public_safety_engagement_experience
        and a.has_law_enforcement_partner
    ][:awards_count]
    AwardDecision.objects.bulk_create(
        [
            AwardDecision(application=a, outcome="award", amount=a.requested_amount, decided_by=manager)
            for a in awarded
        ]
    )
    awards = Award.objects.bulk_create(
        [
            Award(
                funding_round=funding_round,
                application=a,
                organization=a.organization,
                contract_number=f"{contract_prefix}{n:04d}",
                amount=a.requested_amount,
                period_start=PERIOD[0],
                period_end=PERIOD[1],
            )
            for n, a in enumerate(awarded, start=1)
        ]
    )
    county_of = {}
    for application_id, county_id in links:
        county_of.setdefault(application_id, []).append(county_id)
    AwardCounty = Award.counties.through
    AwardCounty.objects.bulk_create(
        [AwardCounty(award_id=w.pk, county_id=c) for w in awards for c in county_of[w.application_id]]
    )
    quarters = reporting_quarters(*PERIOD, funding_round.report_due_days)
    ReportingPeriod.objects.bulk_create([new_reporting_period(w, q) for w in awards for q in quarters])
    funding_round.decisions_finalized_at = timezone.now()
    funding_round.decisions_finalized_by = manager
    funding_round.save()
    return funding_round, manager


def analyze():
    """Fresh statistics after the bulk load, as autovacuum would gather them on a live database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url):
    """Median and 90th percentile in milliseconds, the number of queries, their total SQL time and the
    median CPU time of this process (Python: views, templates, CSV), which a busy machine inflates less than
    wall-clock time."""
    durations, sql, cpu = [], [], []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            else:
                response.content  # noqa: B018
            durations.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    durations.sort()
    p90 = durations[max(0, round(0.9 * len(durations)) - 1)]
    return statistics.median(durations), p90, queries, statistics.median(sql), statistics.median(cpu)


def memoize_round_outcomes():
    """Answer round_outcomes from memory after its first call per round, wherever it was imported."""
    from grants.selectors import eligibility

    original = eligibility.round_outcomes
    memo = {}

    def cached(funding_round):
        if funding_round.pk not in memo:
            memo[funding_round.pk] = original(funding_round)
        return memo[funding_round.pk]

    for module in list(sys.modules.values()):
        if (
            getattr(module, "__name__", "").startswith("grants")
            and getattr(module, "round_outcomes", None) is original
        ):
            module.round_outcomes = cached


def parse_args():
    parser = argparse.ArgumentParser(description="Staff pages and exports of one large round.")
    parser.add_argument(
        "--applications", type=int, default=APPLICATIONS, help="submitted applications (5000)"
    )
    parser.add_argument(
        "--awards", type=int, default=AWARDS, help="awards, at most the eligible nonprofits (600)"
    )
    parser.add_argument("--cached-outcomes", action="store_true", help="also measure with outcomes memoized")
    parser.add_argument("--only", help='page names as printed, comma-separated: --only "screening CSV"')
    return parser.parse_args()


def main():
    args = parse_args()
    call_command("migrate", verbosity=0)
    funding_round, manager = build_round(args.applications, args.awards)
    analyze()
    # Staff pages need this session's second factor (accounts.mfa): sign in as with a code.
    client = sign_in_with_code(Client(), manager)
    some_application = (
        Application.objects.filter(funding_round=funding_round)
        .exclude(organization__org_type="law_enforcement")
        .order_by("reference")[10]
    )
    blocked = (
        Application.objects.filter(funding_round=funding_round, organization__org_type="law_enforcement")
        .order_by("reference")
        .first()
    )
    award = Award.objects.filter(funding_round=funding_round).order_by("contract_number").first()
    s = funding_round.slug
    pages = [
        ("work queue", reverse("grants:staff_home"), 150),
        ("screening list", reverse("grants:screening_list", args=[s]), 150),
        ("screening list, page 100", reverse("grants:screening_list", args=[s]) + "?page=100", 150),
        ("screening list, blocked", reverse("grants:screening_list", args=[s]) + "?outcome=blocked", 150),
        ("application detail", reverse("grants:staff_application_detail", args=[some_application.pk]), 150),
        ("application detail, agency", reverse("grants:staff_application_detail", args=[blocked.pk]), 150),
        ("round dashboard", reverse("grants:round_dashboard", args=[s]), 150),
        ("ranking", reverse("grants:staff_ranking", args=[s]), 150),
        ("decisions", reverse("grants:staff_decisions", args=[s]), 150),
        ("reviewer load", reverse("grants:staff_reviewer_load", args=[s]), 150),
        ("reviewer assignments", reverse("grants:staff_assignments", args=[s]), 150),
        (
            "reviewer assignments, fewer than 3",
            reverse("grants:staff_assignments", args=[s]) + "?fewer_than=3",
            150,
        ),
        ("awards list", reverse("grants:staff_awards", args=[s]), 150),
        ("award detail", reverse("grants:staff_award_detail", args=[award.pk]), 150),
        ("submissions board", reverse("grants:staff_submissions") + f"?round={s}", 150),
        ("coverage", reverse("grants:staff_coverage", args=[s]), 150),
        ("round settings", reverse("grants:round_settings", args=[s]), 150),
        ("screening CSV", reverse("grants:screening_export", args=[s]), None),
        ("ranking CSV", reverse("grants:staff_ranking", args=[s]) + "?format=csv", None),
        ("decisions CSV", reverse("grants:staff_decisions", args=[s]) + "?format=csv", None),
        ("awards CSV", reverse("grants:staff_awards", args=[s]) + "?format=csv", None),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        pages = [page for page in pages if page[0] in wanted]
    size = f"{args.applications} applications, {args.awards} awards"
    if settings.ELIGIBILITY_CACHE_SECONDS:
        first = f"outcomes through the production cache ({settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]})"
    else:
        first = "eligibility computed on each request"
    report(client, pages, size, first)
    if args.cached_outcomes:
        memoize_round_outcomes()
        report(client, pages, size, "round_outcomes memoized (no version query)")


def report(client, pages, size, title):
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{size}, {connection.vendor}; {RUNS} requests each; {title}; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'page':32} {'median':>9} {'p90':>9} {'queries':>8} {'SQL':>9} {'CPU':>9}  target")
    for name, url, target in pages:
        median, p90, queries, sql, cpu = measure(client, url)
        verdict = ""
        if target:
            verdict = f"< {target} ms {'OK' if median < target else 'MISSED'}"
        if name == "screening CSV":
            ratio = median / sql if sql else float("inf")
            verdict = f"{ratio:.1f}x its SQL time ({'OK' if ratio <= 5 else 'MISSED'} <= 5x)"
        print(f"{name:32} {median:7.0f}ms {p90:7.0f}ms {queries:8d} {sql:7.0f}ms {cpu:7.0f}ms  {verdict}")


if __name__ == "__main__":
    main()
