"""Factories for reviews, decisions, awards and quarterly reports."""

from datetime import date
from decimal import Decimal

import factory

from grants.models import (
    Award,
    AwardDecision,
    Metric,
    MetricValue,
    QuarterlyReport,
    ReportingPeriod,
    ReviewAssignment,
    RubricCriterion,
    Score,
)

from .accounts import ProgramManagerFactory, ReviewerFactory
from .applications import ApplicationFactory, funding_round


class RubricCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    funding_round = factory.LazyFunction(funding_round)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    label = factory.Sequence(lambda n: f"Criterion {n}")
    max_score = 10
    weight = Decimal("1")
    order = factory.Sequence(int)


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    assigned_by = factory.SubFactory(ProgramManagerFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(ReviewAssignmentFactory)
    criterion = factory.SubFactory(RubricCriterionFactory)
    score = 7


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecision

    application = factory.SubFactory(ApplicationFactory)
    outcome = AwardDecision.Outcome.AWARD
    amount = Decimal("100000.00")
    decided_by = factory.SubFactory(ProgramManagerFactory)


class AwardFactory(factory.django.DjangoModelFactory):
    """An active award of the 2021 pilot over its whole period (eight quarters), in the application's
    counties. Reporting periods are not created: call grants.services.reporting_periods."""

    class Meta:
        model = Award
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory)
    funding_round = factory.SelfAttribute("application.funding_round")
    organization = factory.SelfAttribute("application.organization")
    contract_number = factory.Sequence(lambda n: f"CLEP-21-{n:04d}")
    amount = Decimal("100000.00")
    period_start = date(2021, 10, 1)
    period_end = date(2023, 9, 30)

    @factory.post_generation
    def counties(obj, create, extracted, **kwargs):
        if create:
            obj.counties.set(extracted if extracted is not None else obj.application.counties.all())


class MetricFactory(factory.django.DjangoModelFactory):
    """A metric of a round. The migration seeds the CLEP catalog in both rounds: asking for a seeded code
    updates that metric with the given attributes instead of breaking the one-code-per-round constraint."""

    class Meta:
        model = Metric

    funding_round = factory.LazyFunction(funding_round)
    code = factory.Sequence(lambda n: f"metric-{n}")
    category = "partnership"
    label = factory.LazyAttribute(lambda o: {"en": f"Metric {o.code}"})
    kind = Metric.Kind.COUNT
    order = factory.Sequence(int)

    @classmethod
    def _create(cls, model_class, *args, funding_round, code, **kwargs):
        metric, _created = model_class.objects.update_or_create(
            funding_round=funding_round, code=code, defaults=kwargs
        )
        return metric


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    award = factory.SubFactory(AwardFactory)
    year = 2022
    quarter = 1
    starts_on = date(2022, 1, 1)
    ends_on = date(2022, 3, 31)
    due_on = date(2022, 4, 30)


class QuarterlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReport

    period = factory.SubFactory(ReportingPeriodFactory)
    status = QuarterlyReport.Status.DRAFT


class MetricValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricValue

    report = factory.SubFactory(QuarterlyReportFactory)
    metric = factory.SubFactory(MetricFactory)
    number = Decimal("5")


def scored_review(application, reviewer, fraction, *, submit=True, rounding=int):
    """A review made through the services as a reviewer makes it: no conflict declared, every criterion of the
    round's rubric scored at ``fraction`` of its maximum (``rounding`` to whole points), then submitted."""
    from grants.services import reviews as review_services

    criteria = RubricCriterion.objects.filter(funding_round=application.funding_round)
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    review_services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    review_services.save_scores(
        assignment, by=reviewer, scores={c.pk: (rounding(c.max_score * fraction), "") for c in criteria}
    )
    if submit:
        review_services.submit_review(assignment, by=reviewer)
    return assignment
