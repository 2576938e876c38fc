"""A program with every case the read model of figures has to get right, shared by the figures tests.

Round clep-2021 (listed areas), today far after every due date:

- **Alpha** (Yakima, $100,000; goal: 12 dialogue sessions each year): 2021-Q4 and 2022-Q1 imported from a
  file; 2022-Q2 sent on time, returned, resubmitted late (counts, on time); 2022-Q3 sent then returned (does not
  count); 2022-Q4 missing; 2023-Q1 sent late; 2023-Q2 and Q3 missing.
- **Bravo** (Benton, of the two-county area Benton-Franklin, $50,000): 2021-Q4 accepted on time.
- **Charlie** (Chelan and Douglas, terminated, $80,000.01): 2021-Q4 sent on time.

Round clep-2023 (statewide): **Delta** (Adams, $60,000), 2023-Q3 sent on time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from grants.models import Award, Metric, QuarterlyReport
from grants.services import quarterly as services
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    GoalFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramManagerFactory,
    UserFactory,
    funding_round,
)

NARRATIVES = {
    "highlights": "Listening sessions.",
    "challenges": "",
    "progress_on_goals": "On track.",
    "next_quarter_plans": "More sessions.",
}


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Scenario:
    round: object
    statewide: object
    alpha: Award
    bravo: Award
    charlie: Award
    delta: Award
    member: object  # a member of Alpha's organization
    staff: object


def _award(round_, name, counties, amount, **kwargs):
    organization = OrganizationFactory(legal_name=name)
    application = ApplicationFactory(funding_round=round_, organization=organization, counties=counties)
    award = AwardFactory(application=application, amount=Decimal(amount), **kwargs)
    return award, {p.label: p for p in ensure_reporting_periods(award)}


def _send(monkeypatch, period, values, *, on, by):
    """The grantee saves and submits the report on day ``on`` (through the services, as the portal does)."""
    monkeypatch.setattr(timezone, "now", lambda: at(on))
    services.save_quarterly_draft(period, raw_values=values, narratives=NARRATIVES, by=by)
    report = QuarterlyReport.objects.get(period=period)
    return services.submit_quarterly_report(report, by=by)


def _return(monkeypatch, report, *, on, by):
    monkeypatch.setattr(timezone, "now", lambda: at(on))
    return services.return_quarterly_report(report, by=by, comment="Check the participants.")


def _values(sessions, expenditures):
    return {"dialogue_sessions": str(sessions), "expenditures": expenditures}


def build(monkeypatch):
    """The scenario above; every service call is dated as written, then the clock is put back."""
    real_now = timezone.now
    clep21, clep23 = funding_round("clep-2021"), funding_round("clep-2023")
    # Only the two metrics the scenario reports are required, so a report may carry just them.
    Metric.objects.filter(funding_round__in=[clep21, clep23]).update(is_required=False)
    staff = ProgramManagerFactory()
    alpha, alpha_q = _award(clep21, "Alpha Community Partnership", ["Yakima"], "100000.00")
    GoalFactory(
        application=alpha.application,
        metric_code="dialogue_sessions",
        target=Decimal("12"),
        timeframe="Each year",
    )
    bravo, bravo_q = _award(clep21, "Bravo Tri-Cities Dialogue", ["Benton"], "50000.00")
    charlie, charlie_q = _award(clep21, "Charlie Valley Coalition", ["Chelan", "Douglas"], "80000.01")
    delta, delta_q = _award(
        clep23,
        "Delta Adams Neighbors",
        ["Adams"],
        "60000.00",
        funding_round=clep23,
        period_start=date(2023, 8, 1),
        period_end=date(2025, 6, 30),
        contract_number="CLEP-23-0001",
    )
    member = UserFactory()
    MembershipFactory(user=member, organization=alpha.organization)
    grantee = {a.pk: UserFactory() for a in (bravo, charlie, delta)}
    for award in (bravo, charlie, delta):
        MembershipFactory(user=grantee[award.pk], organization=award.organization)

    # Alpha: two historic quarters imported today (the import stamps them with today's time).
    monkeypatch.setattr(timezone, "now", real_now)
    data = (
        "contract_number,quarter,metric,value\n"
        f"{alpha.contract_number},2021-Q4,dialogue_sessions,5\n"
        f"{alpha.contract_number},2021-Q4,expenditures,10000.00\n"
        f"{alpha.contract_number},2022-Q1,dialogue_sessions,6\n"
        f"{alpha.contract_number},2022-Q1,expenditures,10000.00\n"
    ).encode()
    parsed = services.import_quarterly_file(clep21, data, by=staff)
    assert parsed.is_valid, parsed.errors
    # 2022-Q2 (due 2022-07-30): on time, returned, resubmitted late with a corrected figure.
    report = _send(monkeypatch, alpha_q["2022-Q2"], _values(9, "10000.00"), on=date(2022, 7, 20), by=member)
    _return(monkeypatch, report, on=date(2022, 7, 25), by=staff)
    _send(monkeypatch, alpha_q["2022-Q2"], _values(8, "10000.00"), on=date(2022, 8, 15), by=member)
    # 2022-Q3 (due 2022-10-30): sent, then returned and not yet resubmitted.
    report = _send(monkeypatch, alpha_q["2022-Q3"], _values(9, "7000.00"), on=date(2022, 10, 20), by=member)
    _return(monkeypatch, report, on=date(2022, 10, 25), by=staff)
    # 2023-Q1 (due 2023-04-30): sent late.
    _send(monkeypatch, alpha_q["2023-Q1"], _values(4, "5000.00"), on=date(2023, 5, 10), by=member)

    report = _send(
        monkeypatch, bravo_q["2021-Q4"], _values(3, "2500.50"), on=date(2022, 1, 20), by=grantee[bravo.pk]
    )
    monkeypatch.setattr(timezone, "now", lambda: at(date(2022, 1, 25)))
    services.accept_quarterly_report(report, by=staff)
    _send(
        monkeypatch, charlie_q["2021-Q4"], _values(2, "1000.00"), on=date(2022, 1, 20), by=grantee[charlie.pk]
    )
    _send(monkeypatch, delta_q["2023-Q3"], _values(7, "3000.00"), on=date(2023, 10, 20), by=grantee[delta.pk])
    monkeypatch.setattr(timezone, "now", real_now)
    charlie.status = Award.Status.TERMINATED
    charlie.save()
    return Scenario(clep21, clep23, alpha, bravo, charlie, delta, member, staff)
