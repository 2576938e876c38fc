"""Reads for decisions and awards: a round's decisions, coverage of its areas, awards and applicants' view."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404

from ..lifecycles.awards import state_from
from ..models import Application, Award, AwardDecision, Membership, ServiceArea
from ..rank_order import passed_over
from . import figures
from .eligibility import round_outcomes
from .reviews import ranking_index


def decision_totals(funding_round):
    """How many awards are decided in the round and for how much, and what the cap and budget leave."""
    totals = AwardDecision.objects.filter(
        application__funding_round=funding_round, outcome=AwardDecision.Outcome.AWARD
    ).aggregate(count=Count("pk"), amount=Sum("amount"))
    amount = totals["amount"] or Decimal("0")
    return {
        "count": totals["count"],
        "amount": amount,
        "budget_left": funding_round.budget - amount if funding_round.budget else None,
        "cap_left": funding_round.award_cap - totals["count"]
        if funding_round.award_cap is not None
        else None,
    }


@dataclass
class CountyCoverage:
    """One eligible county of a round on the coverage page: its applications and, from the read model, awards."""

    name: str
    fips: str
    areas: list = field(default_factory=list)  # the listed areas it belongs to (none in a statewide round)
    applications: int = 0
    eligible: int = 0
    awards: int = 0
    dollars: Decimal = Decimal("0")

    @property
    def has_no_award(self):
        return self.awards == 0


def coverage(funding_round, outcomes=None):
    """Per county (listed areas split into their counties; every county in a statewide round): applications,
    eligible ones, and the awards and dollars of the read model (grants.selectors.figures.coverage: terminated
    awards left out, an award's amount split evenly among its counties; award decisions before there are awards).

    A constant number of queries.
    """
    outcomes = round_outcomes(funding_round) if outcomes is None else outcomes
    rows = {
        row.fips: CountyCoverage(name=row.county, fips=row.fips, awards=row.awards, dollars=row.amount)
        for row in figures.coverage(funding_round)
    }
    if not funding_round.is_statewide:
        for area_name, fips in (
            ServiceArea.counties.through.objects.filter(servicearea__rounds=funding_round)
            .order_by("servicearea__name")
            .values_list("servicearea__name", "county_id")
        ):
            if fips in rows:
                rows[fips].areas.append(area_name)
    for application_id, fips in Application.counties.through.objects.filter(
        application__funding_round=funding_round, application__status=Application.Status.SUBMITTED
    ).values_list("application_id", "county_id"):
        row = rows.get(fips)
        if row is None:
            continue
        row.applications += 1
        outcome = outcomes.get(application_id)
        if outcome and outcome.is_eligible:
            row.eligible += 1
    return list(rows.values())


def round_decisions(funding_round):
    """The round's submitted applications with their decision, in reference order."""
    return (
        Application.objects.filter(funding_round=funding_round, status=Application.Status.SUBMITTED)
        .select_related("organization", "decision__decided_by")
        .prefetch_related("counties")
        .order_by("reference")
    )


@dataclass(frozen=True)
class RankOrderDeparture:
    """A recorded decision that departs from the ranking order, with the applications it passes over."""

    application_id: int
    reference: str
    organization: str
    rank: int
    outcome: str  # AwardDecision.Outcome
    rationale: str
    passed_over: tuple  # ((reference, rank), …), best-ranked first


def rank_order_departures(funding_round, outcomes=None):
    """Every decision of the round that departs from the ranking order, best-ranked first.

    The ranks are the ranking page's (ranking_index) and the rule is grants.rank_order.passed_over, applied to
    each decision against the round's other decisions as they stand now. The rationale is the one recorded on
    the decision (empty when it was given on the decision it passes over instead). A constant number of queries.
    """
    keys = {key.pk: key for key in ranking_index(funding_round, outcomes)}
    ranks = {pk: key.rank for pk, key in keys.items() if key.rank is not None}
    decisions = {
        application_id: (outcome, rationale)
        for application_id, outcome, rationale in AwardDecision.objects.filter(
            application__funding_round_id=funding_round.pk
        ).values_list("application_id", "outcome", "rationale")
    }
    decided = {pk: outcome for pk, (outcome, _rationale) in decisions.items()}
    departures = []
    for pk, (outcome, rationale) in decisions.items():
        others = passed_over(pk, outcome, ranks, decided)
        if others:
            departures.append(
                RankOrderDeparture(
                    application_id=pk,
                    reference=keys[pk].reference,
                    organization=keys[pk].organization,
                    rank=ranks[pk],
                    outcome=outcome,
                    rationale=rationale,
                    passed_over=tuple((keys[other].reference, ranks[other]) for other in others),
                )
            )
    return sorted(departures, key=lambda departure: departure.rank)


def round_awards(funding_round):
    return (
        Award.objects.filter(funding_round=funding_round)
        .select_related("organization", "application")
        .prefetch_related("counties")
        .order_by("contract_number")
    )


def decisions_csv_rows(funding_round, outcomes):
    """The decision record as CSV rows (header first), from plain values_list rows."""
    yield [
        "reference",
        "organization",
        "counties",
        "requested_amount",
        "eligible",
        "decision",
        "amount",
        "reason",
        "rationale",
        "decided_by",
        "decided_at",
    ]
    applications = Application.objects.filter(
        funding_round=funding_round, status=Application.Status.SUBMITTED
    )
    counties = _county_names(
        Application.counties.through.objects.filter(application__in=applications).values_list(
            "application_id", "county__name"
        )
    )
    for (
        pk,
        reference,
        organization,
        requested,
        outcome,
        amount,
        reason,
        rationale,
        by,
        at,
    ) in applications.order_by("reference").values_list(
        "pk",
        "reference",
        "organization__legal_name",
        "requested_amount",
        "decision__outcome",
        "decision__amount",
        "decision__reason",
        "decision__rationale",
        "decision__decided_by__email",
        "decision__decided_at",
    ):
        eligibility = outcomes.get(pk)
        yield [
            reference,
            organization,
            "; ".join(counties.get(pk, ())),
            requested,
            "yes" if eligibility and eligibility.is_eligible else "no",
            outcome,
            amount,
            reason,
            rationale,
            by,
            at.isoformat() if at else "",
        ]


def _county_names(pairs):
    names = defaultdict(list)
    for owner_id, name in pairs:
        names[owner_id].append(name)
    return {owner_id: sorted(values) for owner_id, values in names.items()}


def awards_csv_rows(awards):
    """The awards as CSV rows (header first): two values_list queries whatever their number."""
    yield [
        "contract_number",
        "application",
        "organization",
        "amount",
        "counties",
        "period_start",
        "period_end",
        "status",
    ]
    awards = awards.prefetch_related(None).select_related(None)
    counties = _county_names(
        Award.counties.through.objects.filter(award__in=awards.values("pk")).values_list(
            "award_id", "county__name"
        )
    )
    for pk, contract, reference, organization, amount, start, end, status in awards.values_list(
        "pk",
        "contract_number",
        "application__reference",
        "organization__legal_name",
        "amount",
        "period_start",
        "period_end",
        "status",
    ):
        yield [
            contract,
            reference,
            organization,
            amount,
            "; ".join(counties.get(pk, ())),
            start.isoformat(),
            end.isoformat(),
            state_from(status, end),
        ]


def award_or_404(award_id):
    return get_object_or_404(
        Award.objects.select_related("organization", "application", "funding_round").prefetch_related(
            "counties",
            "amendments__amended_by",
            "reporting_periods",
        ),
        pk=award_id,
    )


def decisions_for_applicant(user):
    """The final decisions (and awards) on the applications of the user's organizations.

    Decisions stay internal until their round is finalized.
    """
    organizations = Membership.objects.filter(user=user, is_active=True).values("organization_id")
    return list(
        AwardDecision.objects.filter(
            application__organization__in=organizations,
            application__funding_round__decisions_finalized_at__isnull=False,
        )
        .select_related("application__organization", "application__funding_round", "application__award")
        .prefetch_related(Prefetch("application__award__counties"))
        .order_by("-application__funding_round__opens_on", "application__reference")
    )
