"""The staff benchmark's round built in the portal as it was when issue 14 was filed (commit 5be0690).

Run from a checkout of that commit (its code and migrations), for example:

    cd /work/main && git worktree add --detach /work/wt/old-5be0690 5be0690
    ln -s /work/main/.venv /work/wt/old-5be0690/.venv
    cd /work/wt/old-5be0690 && DATABASE_URL=postgres://postgres@127.0.0.1:5432/peer_old_2000 \\
        .venv/bin/python /path/to/this/branch/bench/peer/old_portal_data.py --applications 2000 --awards 240

It creates (once) the data bench/bench_staff.py's build_round creates, adapted to the old schema: a statewide
round ``bench-staff-<applications>-<awards>`` with that many submitted applications over the 39 counties (one
in ten from a law-enforcement agency, some failing a criterion, one in 97 withdrawn), two submitted reviews of
each scored on the CLEP rubric, award decisions finalized into awards for the first eligible nonprofits, with
their counties and reporting quarters. Same random seed, same names and amounts as bench_staff, so both
portals hold the same round. The old schema differs only in what this builder leaves out: review assignments
had no ``due_on`` and the rubric lived in ``grants.rubrics``.
"""

import argparse
import os
import random
import sys
from datetime import date

# The old portal's code: this file lives on another branch, so the checkout it runs in comes first.
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clep_portal.settings")

import django

django.setup()

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from grants import rubrics  # noqa: E402  (grants.rubrics: the old checkout's module, gone since)
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
from grants.schedule import reporting_quarters  # noqa: E402
from grants.services.reporting_periods import new_reporting_period  # noqa: E402

REVIEWERS = 2
PERIOD = (date(2021, 10, 1), date(2023, 9, 30))


def round_names(applications, awards):
    """The round's slug, its organizations' name prefix and its contract-number prefix (as in bench_staff)."""
    size = f"{applications}-{awards}"
    return f"bench-staff-{size}", f"Staff bench {size} org ", f"BENCH-{size}-"


def _user(email, role):
    # The old gate (accounts.permissions) asks only that a program manager has an authenticator app.
    user, created = User.objects.get_or_create(email=email, defaults={"role": role, "full_name": email})
    if created or not user.authenticator_set.exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


@transaction.atomic
def build_round(applications_count, awards_count):
    """The benchmark round and its program manager, created unless the round already has its applications."""
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
        for order, spec in enumerate(rubrics.CLEP_RUBRIC)
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


def main():
    parser = argparse.ArgumentParser(description="Build the staff benchmark round in the old portal.")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--awards", type=int, default=240)
    args = parser.parse_args()
    funding_round, _ = build_round(args.applications, args.awards)
    analyze()
    print(
        f"{funding_round.slug}: {Application.objects.filter(funding_round=funding_round).count()} applications, "
        f"{Award.objects.filter(funding_round=funding_round).count()} awards, "
        f"{ReportingPeriod.objects.filter(award__funding_round=funding_round).count()} reporting periods"
    )


if __name__ == "__main__":
    main()
