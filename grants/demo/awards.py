"""Demo reviews and awards for the 2021 pilot, built on the demo applications.

Two reviewers score every eligible application (one recusal, some disagreement), staff decide 12 to 15 awards
spread over the listed areas within the budget, and the manager finalizes, so awards and their reporting
schedules exist. Idempotent: existing assignments, scores and decisions are kept, and a finalized round is
left alone. Does nothing while the round has no eligible application.
"""

import hashlib
from decimal import Decimal

from django.db import transaction

from accounts.demo import demo_user, with_totp
from accounts.models import User

from ..models import Application, AwardDecision, FundingRound, ReviewAssignment
from ..selectors.eligibility import round_outcomes
from ..selectors.reviews import ranking
from ..services import awards as award_services
from ..services import reviews as review_services

ROUND = "clep-2021"
DEMO_ORGANIZATION = "Yakima Valley Unidos"
MANAGER = "manager@demo.clep.wa.gov"
REVIEWER = "reviewer@demo.clep.wa.gov"
SECOND_REVIEWER = "reviewer2@demo.clep.wa.gov"
TARGET_AWARDS = 14
AWARD_CEILING = Decimal("100000.00")
Status = ReviewAssignment.Status


def _second_reviewer():
    return with_totp(demo_user(SECOND_REVIEWER, role=User.Role.REVIEWER, full_name="Grace Okafor"))


def _fraction(*parts):
    """A stable pseudo-random number in [0, 1) from the given parts (the same on every run)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _score_sheet(assignment, criteria, disagree):
    """Scores between about half and all of each maximum; the second reviewer disagrees on some."""
    reference = assignment.application.reference
    quality = 0.45 + 0.5 * _fraction(reference, "quality")
    if disagree and assignment.reviewer.email == SECOND_REVIEWER:
        quality = max(0.1, quality - 0.35)
    scores = {}
    for criterion in criteria:
        jitter = (_fraction(reference, assignment.reviewer.email, criterion.code) - 0.5) * 0.2
        value = round(criterion.max_score * min(1.0, max(0.0, quality + jitter)))
        scores[criterion.pk] = (value, "Demo review comment.")
    return scores


@transaction.atomic
def load():
    """Create the demo reviews, decisions and awards; running it twice changes nothing."""
    funding_round = FundingRound.objects.filter(slug=ROUND).first()
    if funding_round is None or funding_round.is_finalized:
        return
    manager = User.objects.filter(email=MANAGER).first()
    first_reviewer = User.objects.filter(email=REVIEWER).first()
    if manager is None or first_reviewer is None:
        return
    outcomes = round_outcomes(funding_round)
    eligible = list(
        Application.objects.filter(
            funding_round=funding_round,
            status=Application.Status.SUBMITTED,
            pk__in=[pk for pk, outcome in outcomes.items() if outcome.is_eligible],
        ).order_by("reference")
    )
    if not eligible:
        return
    reviewers = [first_reviewer, _second_reviewer()]
    review_services.assign_reviewers(eligible, reviewers, by=manager)
    _review(funding_round, eligible)
    _decide(funding_round, manager, outcomes)
    awarded = AwardDecision.objects.filter(
        application__funding_round=funding_round, outcome=AwardDecision.Outcome.AWARD
    ).count()
    if awarded >= (funding_round.min_awards or 1):
        award_services.finalize_decisions(funding_round, by=manager)


def _review(funding_round, eligible):
    criteria = review_services.rubric_of(funding_round)
    assignments = ReviewAssignment.objects.filter(application__in=eligible).select_related(
        "application", "reviewer"
    )
    for assignment in assignments.order_by("application__reference", "reviewer__email"):
        if assignment.has_conflict is None:
            # One recusal: the second reviewer knows the first applicant.
            recuse = assignment.application == eligible[0] and assignment.reviewer.email == SECOND_REVIEWER
            review_services.declare_conflict(
                assignment,
                by=assignment.reviewer,
                has_conflict=recuse,
                explanation="Served on the applicant's board until last year." if recuse else "",
            )
            assignment.refresh_from_db()
        if assignment.status in (Status.ASSIGNED, Status.IN_PROGRESS):
            disagree = eligible.index(assignment.application) % 4 == 1
            review_services.save_scores(
                assignment, by=assignment.reviewer, scores=_score_sheet(assignment, criteria, disagree)
            )
            review_services.submit_review(assignment, by=assignment.reviewer)


def _decide(funding_round, manager, outcomes):
    """Award the best-ranked application of each listed area first, then the next best, within cap and
    budget; decline the others. Decisions already made are kept."""
    rows, _criteria = ranking(funding_round, outcomes=outcomes)
    rows = [r for r in rows if r.is_eligible]
    area_of = {
        county.fips: area.slug
        for area in funding_round.service_areas.prefetch_related("counties")
        for county in area.counties.all()
    }
    cap = min(funding_round.award_cap or TARGET_AWARDS, TARGET_AWARDS)
    decided = {
        d.application_id: d for d in AwardDecision.objects.filter(application__funding_round=funding_round)
    }
    awards = [r for r in rows if r.application.pk in decided and decided[r.application.pk].outcome == "award"]
    total = sum((decided[r.application.pk].amount for r in awards), Decimal("0"))
    covered = {area_of.get(c.fips) for r in awards for c in r.application.counties.all()}

    def amount_for(row):
        requested = row.application.requested_amount or AWARD_CEILING
        return min(requested, AWARD_CEILING)

    def try_award(row):
        nonlocal total
        amount = amount_for(row)
        if len(awards) >= cap or (funding_round.budget and total + amount > funding_round.budget):
            return
        award_services.record_decision(row.application, by=manager, outcome="award", amount=amount)
        decided[row.application.pk] = True
        awards.append(row)
        total += amount
        covered.update(area_of.get(c.fips) for c in row.application.counties.all())

    for row in rows:  # the demo grantee's login must have an award to show the quarterly pages
        if row.application.pk not in decided and row.application.organization.legal_name == DEMO_ORGANIZATION:
            try_award(row)
    for row in rows:  # best first: one award per listed area
        areas = {area_of.get(c.fips) for c in row.application.counties.all()}
        if row.application.pk not in decided and not areas <= covered:
            try_award(row)
    for row in rows:
        if row.application.pk not in decided:
            try_award(row)
    awarded = {row.application.pk for row in awards}
    for index, row in enumerate(rows):
        if row.application.pk not in decided:
            # Declining an application ranked above an award departs from the rank order: say why.
            passes_over = any(other.application.pk in awarded for other in rows[index + 1 :])
            award_services.record_decision(
                row.application,
                by=manager,
                outcome="decline",
                reason="Ranked below the funded applications; the award cap and budget are reached.",
                rationale=(
                    "Lower-ranked applications were funded first so that every listed service area has a "
                    "grantee (RCW 43.330.545: the pilot's listed areas); the cap and budget were then reached."
                    if passes_over
                    else ""
                ),
            )
