"""Writing awards made before the portal (the 2021 pilot ran in another system): all rows or none.

Each award must go to an eligible application of the round (the law-enforcement rule included), and the round's
award cap and budget hold over the awards it already has and the file's. An award already imported with the
same values is left alone, so importing the same file twice changes nothing; one that differs is refused (an
amendment is made in the portal, with its reason). New awards get their reporting schedule.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from ..imports import CsvImportError
from ..imports_awards import parse_awards_csv
from ..models import Application, Award, FundingRound
from ..selectors.eligibility import round_outcomes
from .reporting_periods import ensure_reporting_periods


@dataclass
class AwardImportResult:
    created: int = 0
    unchanged: int = 0


def import_awards_csv(text, funding_round):
    """Parse and write a CSV of awards into a round; raises CsvImportError and writes nothing on any problem."""
    return import_award_rows(parse_awards_csv(text), funding_round)


def _not_eligible(row, application, outcome):
    if application.status != Application.Status.SUBMITTED:
        return f"{row.reference} is {application.status}, so it cannot have an award"
    if outcome.blocked_by and not outcome.is_overridden:
        return (
            f"{row.reference} is a law-enforcement applicant blocked by the law-enforcement rule: eligible "
            f"applications serve the same area ({', '.join(outcome.blocked_by_references)})"
        )
    failed = [result.code for result in outcome.criteria if not result.passed]
    detail = f" (criteria not met: {', '.join(failed)})" if failed else " (ruled ineligible by staff)"
    return f"{row.reference} is not eligible{detail}"


@transaction.atomic
def import_award_rows(rows, funding_round):
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    applications = {
        a.reference: a
        for a in Application.objects.filter(
            funding_round=funding_round, reference__in=[r.reference for r in rows]
        ).prefetch_related("counties")
    }
    existing = {
        a.contract_number: a
        for a in Award.objects.filter(contract_number__in=[r.contract_number for r in rows])
    }
    awarded = {a.application_id: a for a in Award.objects.filter(funding_round=funding_round)}
    outcomes = round_outcomes(funding_round)
    count = len(awarded)
    committed = Award.objects.filter(funding_round=funding_round).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal("0")
    result = AwardImportResult()
    new = []
    for row in rows:
        application = applications.get(row.reference)
        if application is None:
            raise CsvImportError(
                row.line, "reference", f"no application {row.reference!r} in {funding_round.slug}"
            )
        award = existing.get(row.contract_number)
        if award is not None:
            if award.application_id != application.pk:
                raise CsvImportError(
                    row.line,
                    "contract_number",
                    f"{row.contract_number!r} is the award of another application",
                )
            recorded = (award.amount, award.period_start, award.period_end, award.status)
            if recorded != (row.amount, row.period_start, row.period_end, row.status):
                raise CsvImportError(
                    row.line,
                    "contract_number",
                    f"{row.contract_number!r} is already recorded with other values; amend it in the portal",
                )
            result.unchanged += 1
            continue
        if application.pk in awarded:
            raise CsvImportError(
                row.line,
                "reference",
                f"{row.reference} already has the award {awarded[application.pk].contract_number}",
            )
        outcome = outcomes.get(application.pk)
        if outcome is None or application.status != Application.Status.SUBMITTED or not outcome.is_eligible:
            raise CsvImportError(row.line, "reference", _not_eligible(row, application, outcome))
        count += 1
        if funding_round.award_cap is not None and count > funding_round.award_cap:
            raise CsvImportError(
                row.line, "contract_number", f"the round allows at most {funding_round.award_cap} awards"
            )
        committed += row.amount
        if funding_round.budget and committed > funding_round.budget:
            raise CsvImportError(
                row.line,
                "amount",
                f"the awards would add up to ${committed:,.2f}, over the round's budget of "
                f"${funding_round.budget:,.2f}",
            )
        new.append((row, application))
    for row, application in new:
        award = Award(
            funding_round=funding_round,
            application=application,
            organization_id=application.organization_id,
            contract_number=row.contract_number,
            amount=row.amount,
            period_start=row.period_start,
            period_end=row.period_end,
            status=row.status,
        )
        award._change_reason = "Imported (award made before the portal)"
        award.save()
        award.counties.set(application.counties.all())
        ensure_reporting_periods(award)
        result.created += 1
    return result
