"""Reads about applications, for applicants and for staff screening."""

import json
from collections import Counter
from operator import attrgetter

from django.db.models import Count, Prefetch, Q, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from portal.csv_files import FORMULA_PREFIXES, render_cells, safe_text

from ..models import (
    Application,
    Attachment,
    County,
    EligibilityOverride,
    FundingRound,
    Membership,
    Organization,
    Partner,
)
from ..programs.clep.criteria import CRITERIA
from .eligibility import derived_from_outcomes


def open_rounds(today=None):
    """Rounds that accept applications today (FundingRound.is_open_for_applications; rounds are few)."""
    today = today or timezone.localdate()
    open_ids = [r.pk for r in FundingRound.objects.all() if r.is_open_for_applications(today)]
    return FundingRound.objects.filter(pk__in=open_ids)


def organizations_of(user):
    return Organization.objects.filter(memberships__user=user, memberships__is_active=True).order_by(
        "legal_name"
    )


def applications_of(user):
    """Applications of every organization the person acts for, newest round first."""
    return (
        Application.objects.filter(
            organization__in=Membership.objects.filter(user=user, is_active=True).values("organization_id")
        )
        .select_related("organization", "funding_round", "award")
        .order_by("organization__legal_name", "-funding_round__opens_on", "reference")
    )


def application_for_member_or_404(user, application_id):
    """The application if the person is an active member of its organization; 404 otherwise."""
    try:
        return Application.objects.select_related("organization", "funding_round").get(
            pk=application_id, organization__memberships__user=user, organization__memberships__is_active=True
        )
    except (Application.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def live_attachments(application):
    return application.attachments.filter(removed_at__isnull=True).select_related("uploaded_by")


def application_with_content(application_id, **filters):
    """One application with everything its pages show, in a fixed number of queries."""
    try:
        return (
            Application.objects.select_related(
                "organization", "funding_round", "award", "submitted_by", "withdrawn_by", "created_by"
            )
            .prefetch_related(
                "counties",
                "goals",
                Prefetch("partners", queryset=Partner.objects.order_by("id")),
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.filter(removed_at__isnull=True),
                    to_attr="live_attachments",
                ),
                Prefetch(
                    "eligibility_overrides",
                    queryset=EligibilityOverride.objects.select_related("decided_by").order_by(
                        "-decided_at", "-id"
                    ),
                    to_attr="override_history",
                ),
            )
            .get(pk=application_id, **filters)
        )
    except (Application.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def rounds_with_counts():
    """Every round with how many applications it has, by status."""
    return FundingRound.objects.annotate(
        submitted_count=Count("applications", filter=Q(applications__status=Application.Status.SUBMITTED)),
        withdrawn_count=Count("applications", filter=Q(applications__status=Application.Status.WITHDRAWN)),
        draft_count=Count("applications", filter=Q(applications__status=Application.Status.DRAFT)),
    ).order_by("-opens_on", "slug")


def screened_applications(funding_round):
    """The applications staff screen: submitted and withdrawn ones (drafts are the applicant's work in progress)."""
    return (
        Application.objects.filter(funding_round=funding_round)
        .exclude(status=Application.Status.DRAFT)
        .select_related("organization")
        .prefetch_related("counties")
        .order_by("reference")
    )


ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
BLOCKED = "blocked"
OVERRIDDEN = "overridden"


def outcome_code(outcome):
    """The screening label of an outcome: eligible, blocked (law-enforcement rule) or not eligible."""
    if outcome.is_eligible:
        return ELIGIBLE
    if outcome.passes_criteria and outcome.blocked_by and not outcome.is_overridden:
        return BLOCKED
    return NOT_ELIGIBLE


def round_dashboard(funding_round, outcomes):
    """Counts by status, by outcome and by county for the round's dashboard."""
    status_counts = Counter(
        dict(
            Application.objects.filter(funding_round=funding_round)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    outcome_counts = Counter()
    by_county = {}
    county_names = dict(funding_round.eligible_counties.values_list("fips", "name"))
    all_names = dict(County.objects.values_list("fips", "name"))
    for outcome in outcomes.values():
        facts = outcome.facts
        if facts.status == Application.Status.DRAFT:
            continue
        code = outcome_code(outcome) if facts.status == Application.Status.SUBMITTED else "withdrawn"
        outcome_counts[code] += 1
        if outcome.is_overridden:
            outcome_counts[OVERRIDDEN] += 1
        for fips in facts.county_fips:
            row = by_county.setdefault(
                fips, {"name": all_names.get(fips, fips), "fips": fips, "applications": 0, "eligible": 0}
            )
            if facts.status == Application.Status.SUBMITTED:
                row["applications"] += 1
                row["eligible"] += int(outcome.is_eligible)
    if by_county and not funding_round.is_statewide:
        # A listed round shows its counties without applications too (a gap to notice); a statewide round
        # would be 39 rows mostly of zeros.
        for fips, name in county_names.items():
            by_county.setdefault(fips, {"name": name, "fips": fips, "applications": 0, "eligible": 0})
    return {
        "is_empty": not (status_counts.get("submitted") or status_counts.get("withdrawn")),
        "status_counts": status_counts,
        "outcome_counts": outcome_counts,
        "by_county": sorted(by_county.values(), key=lambda row: row["name"]),
        "is_open": funding_round.is_open_for_applications(),
    }


# The CSV has one yes/no column per criterion of the statute, whatever the round's rules require.
CSV_CODES = CRITERIA


def screening_csv_rows(applications, outcomes):
    """The screening CSV (header first) from plain rows: one values_list query for the applications and one
    for their counties, whatever their number; the eligibility comes from the round's ``outcomes``.

    The rows are already neutralised (for ``streaming_csv_response(..., neutralised=True)``): text a person
    typed or named (references, organization names, counties, communities) goes through ``safe_text``; the
    rest is the portal's own codes, words and numbers. The eligibility columns end every row as one rendered
    part (``screening_csv_eligibility``), worked out once per outcomes version.
    """
    applications = applications.prefetch_related(None).select_related(None)
    yield (
        "reference",
        "organization",
        "organization_type",
        "status",
        "counties",
        "communities",
        "requested_amount",
        *CSV_CODES,
        "law_enforcement_rule",
        "blocked_by",
        "override",
        "eligible",
    )
    names = dict(County.objects.values_list("fips", "name"))
    counties = {}
    for application_id, fips in (
        Application.counties.through.objects.filter(application__in=applications.values("pk"))
        .order_by("county__name")
        .values_list("application_id", "county_id")
    ):
        counties.setdefault(application_id, []).append(names.get(fips, fips))
    counties = {pk: safe_text(";".join(listed)) for pk, listed in counties.items()}
    eligibility = derived_from_outcomes(outcomes, "screening-csv", screening_csv_eligibility)
    no_outcome = eligibility[None]
    # The communities cell by the column's JSON text: many applications name the same communities.
    community_cells = {}
    for pk, reference, organization, org_type, status, communities, requested in applications.annotate(
        communities_text=Cast("communities", TextField())
    ).values_list(
        "pk",
        "reference",
        "organization__legal_name",
        "organization__org_type",
        "status",
        "communities_text",
        "requested_amount",
    ):
        communities_cell = community_cells.get(communities)
        if communities_cell is None:
            listed = json.loads(communities) if communities else None
            communities_cell = community_cells[communities] = safe_text(";".join(listed)) if listed else ""
        yield (
            safe_text(reference),
            "'" + organization if organization.startswith(FORMULA_PREFIXES) else organization,
            org_type or "",
            status,
            counties.get(pk, ""),
            communities_cell,
            "" if requested is None else requested,
            eligibility.get(pk, no_outcome),
        )


def screening_csv_eligibility(outcomes):
    """The screening CSV's eligibility columns of every outcome, rendered (``render_cells``), by application
    id; under ``None`` the empty columns of an application without an outcome.

    They depend only on an outcome's criteria results (shared objects), blockers, override and result, so
    each distinct combination is rendered once and shared; an agency's blocker list depends only on its
    counties and communities, so agencies sharing them share the list.
    """
    yes_no = {True: "yes", False: "no"}
    override_words = {True: "eligible", False: "not eligible"}
    codes = (*CSV_CODES, "law_enforcement_rule")
    reference_of = attrgetter("reference")
    rendered = {}
    blockers = {}
    cells = {None: render_cells(("",) * (len(codes) + 2) + ("no",))}
    for pk, outcome in outcomes.items():
        blocked_by = ""
        if outcome.blocked_by:
            area = (outcome.facts.county_fips, outcome.facts.communities)
            blocked_by = blockers.get(area)
            if blocked_by is None:
                blocked_by = blockers[area] = safe_text(";".join(map(reference_of, outcome.blocked_by)))
        key = (*map(id, outcome.criteria), blocked_by, outcome.facts.override, outcome.is_eligible)
        tail = rendered.get(key)
        if tail is None:
            results = {c.code: c.passed for c in outcome.criteria}
            tail = rendered[key] = render_cells(
                (
                    *(yes_no.get(results.get(code), "") for code in codes),
                    blocked_by,
                    override_words.get(outcome.facts.override, ""),
                    "yes" if outcome.is_eligible else "no",
                )
            )
        cells[pk] = tail
    return cells
