"""Demo quarterly data: eight quarters for every active demo award, plausible and varied.

Each grantee has its own scale and its own trend: activities grow as partnerships mature, the share of
survey respondents who trust law enforcement rises over time, reported crimes drift down with noise and
name their source, spending follows the award. Most reports are accepted; one was sent late, one is
returned for revision (on Yakima Valley Unidos' award when it exists), one was returned and resubmitted,
and the newest report of another award waits for review.

Idempotent: a period that already has a report is left alone; numbers come from a generator seeded by
the contract number, so they are the same on every run. Without awards it does nothing.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from grants.models import (
    Award,
    Goal,
    Membership,
    Metric,
    MetricValue,
    QuarterlyReport,
    ReportVersion,
)
from grants.quarterly_rules import format_value
from grants.selectors.quarterly import NARRATIVES, today

QUARTERS = 8
YAKIMA = "Yakima Valley Unidos"
CRIME_SOURCES = [
    "Police department records management system (NIBRS)",
    "Sheriff's office monthly crime report",
    "WASPC Crime in Washington data, service-area extract",
    "City police open data portal",
]
GOAL_SPECS = [
    ("dialogue_sessions", "Hold regular community–police dialogue sessions", "Dialogue sessions held"),
    ("community_participants", "Bring residents into the partnership", "Community members participating"),
    ("youth_participants", "Engage young people in positive activities with officers", "Youth participants"),
    ("concerns_resolved", "Resolve the concerns residents bring to the partnership", "Concerns resolved"),
    ("survey_trust_percent", "Raise residents' trust in law enforcement", "Survey: share who trust (%)"),
]
RETURN_COMMENT = (
    "Community participants look higher than the sign-in sheets you shared; please check for double "
    "counting and add the crime data source."
)


def _series(award, rng):
    """{code: [value per quarter]} for one award; Decimals for numbers, str for text."""
    scale = float(award.amount) / 100_000 * rng.uniform(0.7, 1.3)
    trust_start = rng.uniform(36, 54)
    crimes_base = rng.uniform(120, 520) * max(scale, 0.5)
    source = rng.choice(CRIME_SOURCES)
    budget = float(award.amount) * rng.uniform(0.9, 0.98)
    weights = [rng.uniform(0.6, 1.2) * (1 + 0.05 * q) for q in range(QUARTERS)]
    series = {}
    rows = []
    for q in range(QUARTERS):
        growth = 1 + 0.14 * q + rng.uniform(-0.1, 0.1)

        def count(base, spread=0.25, growth=growth):
            return max(0, round(base * scale * growth * rng.uniform(1 - spread, 1 + spread)))

        sessions = max(1, count(3))
        youth_activities = count(2)
        education_sessions = count(1.5)
        trainings = {
            "deescalation_trainings": count(0.6, 0.6),
            "cultural_awareness_trainings": count(0.6, 0.6),
            "leadership_trainings": count(0.4, 0.8),
            "conflict_management_trainings": count(0.4, 0.8),
            "coalition_building_trainings": count(0.3, 0.9),
        }
        documented = count(9, 0.35)
        resolution = min(0.92, 0.45 + 0.06 * q + rng.uniform(-0.05, 0.05))
        surveyed = q % 2 == 1 or q == 0
        row = {
            "dialogue_sessions": sessions,
            "community_participants": sessions * rng.randint(14, 32),
            "officers_participating": max(2, count(5, 0.3)),
            "youth_activities": youth_activities,
            "youth_participants": youth_activities * rng.randint(8, 22),
            "businesses_engaged": count(4, 0.4),
            "business_safety_trainings": count(0.8, 0.6),
            "education_sessions": education_sessions,
            "education_participants": education_sessions * rng.randint(10, 30),
            **trainings,
            "training_participants": sum(trainings.values()) * rng.randint(6, 18),
            "community_members_recognized": count(1.5, 0.7),
            "officers_recognized": count(1, 0.7),
            "concerns_documented": documented,
            "concerns_resolved": round(documented * resolution),
            "survey_respondents": rng.randint(40, 260) if surveyed else 0,
            "reported_crimes": max(0, round(crimes_base * (1 - 0.018 * q) * rng.uniform(0.88, 1.12))),
            "crime_data_source": source,
            "expenditures": Decimal(str(round(budget * weights[q] / sum(weights), 2))),
        }
        if surveyed:
            row["survey_trust_percent"] = Decimal(
                str(round(min(92.0, trust_start + 3.1 * q + rng.uniform(-2, 2)), 1))
            )
        rows.append(row)
    for code in rows[0].keys() | {"survey_trust_percent"}:
        series[code] = [row.get(code) for row in rows]
    return series


def _narratives(award, quarter_index, rng):
    city = award.organization.city or "our community"
    return {
        "highlights": rng.choice(
            [
                f"Monthly listening sessions in {city} drew new neighbors; officers stayed after to talk.",
                "A youth basketball night with officers filled the gym; parents asked for more.",
                "Business owners walked the corridor with the precinct lieutenant and agreed on a safety plan.",
                "Residents and officers finished the de-escalation training together.",
            ]
        ),
        "challenges": rng.choice(
            [
                "Staff turnover at the partner department delayed two sessions.",
                "Wildfire smoke cancelled outdoor events for three weeks.",
                "Interpretation for Mam-speaking residents was hard to schedule.",
                "",
            ]
        ),
        "progress_on_goals": "On track for participation; trust is rising in each survey wave.",
        "next_quarter_plans": rng.choice(
            [
                "Add a Spanish-language session and a second youth league night.",
                "Run the next survey wave and train new peer facilitators.",
                "Recognize volunteers and officers at the community celebration.",
            ]
        ),
    }


def _goals(award, series, rng):
    """Give the application's measurable goals a portal metric and a target when they lack them."""
    goals = list(Goal.objects.filter(application_id=award.application_id).order_by("pk"))
    if not goals:
        for code, description, measure in GOAL_SPECS[:3] + GOAL_SPECS[4:]:
            goals.append(
                Goal.objects.create(
                    application_id=award.application_id,
                    description=description,
                    metric=measure,
                    metric_code=code,
                    timeframe="By the end of the grant period",
                )
            )
    for index, goal in enumerate(goals):
        changed = False
        if not goal.metric_code:
            goal.metric_code = GOAL_SPECS[index % len(GOAL_SPECS)][0]
            changed = True
        if goal.target is None or changed:
            values = [v for v in series.get(goal.metric_code, []) if v is not None]
            if goal.metric_code == "survey_trust_percent":
                goal.target = Decimal(rng.choice(["60", "65", "70"]))
            elif values:
                goal.target = Decimal(round(sum(values) * rng.uniform(0.85, 1.2)))
            changed = True
        if changed:
            goal._change_reason = "Demo: goal linked to a portal metric"
            goal.save()


def _at(day, hour=15):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _write_report(period, metrics, values, narratives, *, status, submitted_on, by, reviewer, versions=1):
    report = QuarterlyReport.objects.create(period=period, status=QuarterlyReport.Status.DRAFT, **narratives)
    for code, value in values.items():
        metric = metrics.get(code)
        if metric is None or value is None:
            continue
        fields = {"text": value} if metric.kind == Metric.Kind.TEXT else {"number": Decimal(value)}
        MetricValue.objects.create(report=report, metric=metric, **fields)
    snapshot = {
        code: format_value(metrics[code], v)
        for code, v in values.items()
        if code in metrics and v is not None
    }
    for number in range(1, versions + 1):
        shown = dict(snapshot)
        if number < versions:  # the first version had doubled participants; staff returned it
            shown["community_participants"] = str(int(snapshot["community_participants"]) * 2)
        ReportVersion.objects.create(
            report=report,
            number=number,
            values=shown,
            narratives={name: narratives[name] for name in NARRATIVES},
            submitted_at=_at(submitted_on + timedelta(days=9 * (number - 1))),
            submitted_by=by,
        )
    report.version = versions
    report.status = status
    report.submitted_at = _at(submitted_on + timedelta(days=9 * (versions - 1)))
    report.first_submitted_at = _at(submitted_on)
    report.submitted_by = by
    if status in {QuarterlyReport.Status.ACCEPTED, QuarterlyReport.Status.RETURNED}:
        report.reviewed_at = report.submitted_at + timedelta(days=6)
        report.reviewed_by = reviewer
        report.review_comment = RETURN_COMMENT if status == QuarterlyReport.Status.RETURNED else ""
    report._change_reason = "Demo data"
    report.save()
    return report


def _special_quarters(awards):
    """{award id: {quarter index: kind}}: a returned, a late, a resubmitted and a pending report."""
    if not awards:
        return {}
    yakima = next((a for a in awards if a.organization.legal_name == YAKIMA), None)
    others = [a for a in awards if a is not yakima]
    first = yakima or awards[0]
    special = {first.pk: {QUARTERS - 1: "returned", 2: "late"}}
    if others:
        target = others[0] if yakima else (others[1] if len(others) > 1 else others[0])
        special.setdefault(target.pk, {}).update({4: "resubmitted", QUARTERS - 1: "pending"})
        special.setdefault(others[-1].pk, {}).setdefault(5, "late")
    return special


@transaction.atomic
def load():
    """Fill eight quarters of every active award; running it twice changes nothing."""
    awards = list(
        Award.objects.filter(status=Award.Status.ACTIVE)
        .select_related("organization", "funding_round")
        .order_by("contract_number")
    )
    special = _special_quarters(awards)
    reviewer = User.objects.filter(email="manager@demo.clep.wa.gov").first()
    on = today()
    for award in awards:
        periods = list(
            award.reporting_periods.filter(is_active=True, ends_on__lt=on)
            .select_related("report")
            .order_by("year", "quarter")[:QUARTERS]
        )
        if not periods:
            continue
        rng = random.Random(award.contract_number)  # noqa: S311 - demo numbers, not security
        series = _series(award, rng)
        _goals(award, series, rng)
        metrics = {m.code: m for m in Metric.objects.filter(funding_round=award.funding_round)}
        membership = (
            Membership.objects.filter(organization_id=award.organization_id, is_active=True)
            .select_related("user")
            .order_by("role", "pk")
            .first()
        )
        by = membership.user if membership else None
        for index, period in enumerate(periods):
            narratives = _narratives(award, index, rng)
            values = {code: series[code][index] for code in series}
            kind = special.get(award.pk, {}).get(index)
            if QuarterlyReport.objects.filter(period=period).exists():
                continue
            submitted_on = period.due_on - timedelta(days=rng.randint(1, 12))
            status, versions = QuarterlyReport.Status.ACCEPTED, 1
            if kind == "late":
                submitted_on = period.due_on + timedelta(days=rng.randint(5, 20))
            elif kind == "returned":
                status = QuarterlyReport.Status.RETURNED
            elif kind == "pending":
                status = QuarterlyReport.Status.SUBMITTED
            elif kind == "resubmitted":
                versions = 2
            submitted_on = min(submitted_on, on)
            _write_report(
                period,
                metrics,
                values,
                narratives,
                status=status,
                submitted_on=submitted_on,
                by=by,
                reviewer=reviewer,
                versions=versions,
            )
