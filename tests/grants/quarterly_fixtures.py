"""Shared set-up for quarterly tests: an award with its eight quarters and a member of its organization."""

from decimal import Decimal

from grants.models import Metric
from grants.services import quarterly as services
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import AwardFactory, MembershipFactory, UserFactory

FULL = {
    "dialogue_sessions": "4",
    "community_participants": "120",
    "officers_participating": "9",
    "concerns_documented": "14",
    "concerns_resolved": "9",
    "survey_trust_percent": "61.5",
    "crime_data_source": "Yakima PD records system",
    "expenditures": "12500.00",
}
NARRATIVES = {
    "highlights": "Three listening sessions at the Union Gap community center.",
    "challenges": "",
    "progress_on_goals": "On track.",
    "next_quarter_plans": "Youth soccer clinic with officers.",
}


def grantee_award(language="en", amount=Decimal("100000.00"), **kwargs):
    """(award, periods, member): a 2021 pilot award over eight quarters."""
    award = AwardFactory(amount=amount, **kwargs)
    periods = ensure_reporting_periods(award)
    member = UserFactory(preferred_language=language)
    MembershipFactory(user=member, organization=award.organization)
    return award, periods, member


def submitted_report(period, by, values=None):
    services.save_quarterly_draft(period, raw_values=values or FULL, narratives=NARRATIVES, by=by)
    report = period.__class__.objects.get(pk=period.pk).report
    return services.submit_quarterly_report(report, by=by)


def metric(code, funding_round=None):
    funding_round = funding_round or Metric.objects.first().funding_round
    return Metric.objects.get(funding_round__slug="clep-2021", code=code)
