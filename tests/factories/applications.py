"""Factories for applications, their partners, goals and attachments, and eligibility overrides."""

from decimal import Decimal

import factory

from grants.models import Application, County, EligibilityOverride, FundingRound, Goal, Partner

from .accounts import ProgramManagerFactory
from .organizations import OrganizationFactory


def funding_round(slug="clep-2021"):
    """A round seeded by the reference-data migration."""
    return FundingRound.objects.get(slug=slug)


def county(name):
    return County.objects.get(name=name)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application that meets every criterion of the 2021 pilot, in Yakima County.

    ``ApplicationFactory(counties=["King"])`` sets the counties by name.
    """

    class Meta:
        model = Application
        skip_postgeneration_save = True

    funding_round = factory.LazyFunction(funding_round)
    organization = factory.SubFactory(OrganizationFactory)
    reference = factory.Sequence(lambda n: f"APP-{n:05d}")
    status = Application.Status.SUBMITTED
    project_title = factory.Faker("sentence", nb_words=5)
    project_summary = factory.Faker("paragraph")
    public_safety_engagement_experience = factory.Faker("paragraph")
    community_engagement = factory.Faker("paragraph")
    priorities_and_policies = factory.Faker("paragraph")
    communities = factory.LazyFunction(list)
    requested_amount = Decimal("100000.00")
    budget_narrative = factory.Faker("paragraph")
    has_public_safety_engagement_experience = True
    has_community_engagement = True
    has_law_enforcement_partner = True
    has_dei_partner = True
    has_measurable_goals = True

    @factory.post_generation
    def counties(obj, create, extracted, **kwargs):
        if not create:
            return
        names = ["Yakima"] if extracted is None else extracted
        obj.counties.set([c if isinstance(c, County) else County.objects.get(name=c) for c in names])


class DraftApplicationFactory(ApplicationFactory):
    status = Application.Status.DRAFT
    has_public_safety_engagement_experience = False
    has_community_engagement = False
    has_law_enforcement_partner = False
    has_dei_partner = False
    has_measurable_goals = False


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    partner_type = Partner.Type.OTHER
    role_description = factory.Faker("sentence")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    application = factory.SubFactory(ApplicationFactory)
    description = factory.Sequence(lambda n: f"Hold community dialogue sessions ({n})")
    metric = "Dialogue sessions held"
    metric_code = ""
    target = Decimal("12")
    timeframe = "By the end of the grant period"


class EligibilityOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityOverride

    application = factory.SubFactory(ApplicationFactory)
    is_eligible = True
    reason = "Documentation received after the deadline was accepted."
    decided_by = factory.SubFactory(ProgramManagerFactory)
