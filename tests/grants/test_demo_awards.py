"""The demo reviews and awards: built on eligible applications, idempotent, never re-finalized."""

from decimal import Decimal

import pytest

from grants.demo import awards as demo_awards
from grants.demo.accounts import load_accounts
from grants.models import (
    Award,
    AwardDecision,
    ReportingPeriod,
    ReviewAssignment,
    Score,
    ServiceArea,
)
from grants.selectors.reviews import ranking
from tests.factories import ApplicationFactory, funding_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_applications():
    """About twenty eligible applications over the twelve listed areas, like issue 3's demo loader makes."""
    load_accounts()
    areas = list(ServiceArea.objects.order_by("slug").prefetch_related("counties"))
    applications = []
    for number in range(1, 21):
        area = areas[(number - 1) % len(areas)]
        applications.append(
            ApplicationFactory(
                reference=f"CLEP21-{number:03d}",
                counties=list(area.counties.all()),
                requested_amount=Decimal("95000.00") + number * 1000,
            )
        )
    return applications


def counts():
    return (
        ReviewAssignment.objects.count(),
        Score.objects.count(),
        AwardDecision.objects.count(),
        Award.objects.count(),
        ReportingPeriod.objects.count(),
    )


def test_demo_reviews_decides_and_finalizes(demo_applications):
    demo_awards.load()
    round_ = funding_round()
    assert round_.is_finalized and round_.decisions_finalized_by.email == "manager@demo.clep.wa.gov"
    assert ReviewAssignment.objects.filter(status="recused").count() == 1
    assert ReviewAssignment.objects.filter(status="submitted").count() == 2 * 20 - 1
    rows, _ = ranking(round_)
    assert any(r.is_flagged for r in rows)
    awards = Award.objects.all()
    assert 12 <= awards.count() <= 15
    assert sum(a.amount for a in awards) <= round_.budget
    served = {c.fips for a in awards for c in a.counties.all()}
    for area in ServiceArea.objects.prefetch_related("counties"):
        assert {c.fips for c in area.counties.all()} & served, area.name
    assert ReportingPeriod.objects.filter(award__in=awards).count() == 8 * awards.count()
    assert AwardDecision.objects.count() == 20


def test_demo_is_idempotent(demo_applications):
    demo_awards.load()
    first = counts()
    demo_awards.load()
    assert counts() == first


def test_demo_does_nothing_without_eligible_applications():
    load_accounts()
    demo_awards.load()
    assert counts() == (0, 0, 0, 0, 0)
    assert not funding_round().is_finalized


def test_with_the_demo_applications_the_demo_grantee_is_funded_and_every_listed_area_covered():
    from grants.demo import applications as demo_applications_loader

    load_accounts()
    demo_applications_loader.load()
    demo_awards.load()

    awards = Award.objects.filter(funding_round__slug="clep-2021")
    assert 12 <= awards.count() <= 15
    assert awards.filter(organization__legal_name=demo_awards.DEMO_ORGANIZATION).exists()
    pilot = funding_round("clep-2021")
    covered = {c.pk for award in awards for c in award.counties.all()}
    assert all(any(c.pk in covered for c in area.counties.all()) for area in pilot.service_areas.all())
