"""The quarterly demo loader: eight varied quarters per active award, idempotent, a no-op without awards."""

import pytest

from grants.demo import quarterly as demo
from grants.models import Goal, MetricValue, QuarterlyReport, ReportVersion
from grants.selectors import figures
from grants.selectors.quarterly import board_periods
from tests.factories import GoalFactory, MembershipFactory, OrganizationFactory, UserFactory

from .quarterly_fixtures import grantee_award

pytestmark = pytest.mark.django_db


def test_without_awards_it_does_nothing():
    demo.load()
    assert not QuarterlyReport.objects.exists()


@pytest.fixture
def demo_awards():
    yakima = OrganizationFactory(legal_name="Yakima Valley Unidos")
    owner = UserFactory(email="owner@yakima-unidos.demo", preferred_language="es")
    MembershipFactory(user=owner, organization=yakima)
    awards = [grantee_award(application__organization=yakima)[0]]
    awards += [grantee_award()[0] for _ in range(3)]
    GoalFactory(application=awards[1].application)  # a goal without a metric code gets one
    return awards


def _counts():
    return (
        QuarterlyReport.objects.count(),
        MetricValue.objects.count(),
        ReportVersion.objects.count(),
        Goal.objects.count(),
        QuarterlyReport.history.count(),
    )


def test_eight_varied_quarters_for_every_award_and_idempotent(demo_awards):
    demo.load()
    counts = _counts()
    demo.load()
    assert _counts() == counts
    assert counts[0] == 4 * 8

    statuses = list(QuarterlyReport.objects.values_list("status", flat=True))
    assert statuses.count("accepted") >= 28
    assert statuses.count("returned") == 1 and statuses.count("submitted") == 1
    returned = QuarterlyReport.objects.get(status="returned")
    assert returned.period.award == demo_awards[0] and returned.review_comment
    assert QuarterlyReport.objects.filter(version=2).count() == 1

    states = figures.quarter_states(board_periods(demo_awards[0].funding_round))
    assert sum(state == figures.LATE for state in states.values()) >= 2

    for award in demo_awards:
        trust = [
            v.number
            for v in MetricValue.objects.filter(
                report__period__award=award, metric__code="survey_trust_percent"
            ).order_by("report__period__year", "report__period__quarter")
        ]
        assert len(trust) >= 4 and trust[-1] > trust[0]
        spent = sum(
            MetricValue.objects.filter(report__period__award=award, metric__code="expenditures").values_list(
                "number", flat=True
            )
        )
        assert award.amount * 8 / 10 < spent <= award.amount
        assert (
            MetricValue.objects.filter(
                report__period__award=award, metric__code="crime_data_source", text__gt=""
            ).count()
            == 8
        )
        goals = Goal.objects.filter(application=award.application)
        assert goals.exists() and not goals.filter(metric_code="").exists()
        assert not goals.filter(target__isnull=True).exists()

    participants = [
        sum(
            MetricValue.objects.filter(
                report__period__award=award, metric__code="community_participants"
            ).values_list("number", flat=True)
        )
        for award in demo_awards
    ]
    assert len(set(participants)) == 4  # each grantee has its own scale
