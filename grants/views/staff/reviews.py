"""Staff pages for review: the rounds, their rubric, assignments, reviewer load, reopening and the ranking."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.csv_files import streaming_csv_response

from ...filters import AssignmentFilter, RankingFilter
from ...forms.reviews import AssignForm, ReasonForm
from ...models import Application, FundingRound, ReviewAssignment
from ...selectors import reviews as selectors
from ...selectors.eligibility import round_outcomes
from ...services import ServiceError
from ...services import reviews as services
from ..access import back_url, permission_required

PAGE_SIZE = 50
ASSIGNMENT_PAGE_SIZE = 25


def _round(slug):
    return get_object_or_404(FundingRound, slug=slug)


@permission_required("review.manage")
def staff_review_home(request):
    page = Paginator(selectors.rounds_for_review(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/staff/review_home.html",
        {"summaries": selectors.review_summaries(page.object_list), "page": page},
    )


@permission_required("review.manage")
def rubric(request, slug):
    funding_round = _round(slug)
    criteria = selectors.rubric_of(funding_round)
    return render(
        request,
        "grants/staff/rubric.html",
        {
            "round": funding_round,
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
        },
    )


@permission_required("review.assign")
def assignments(request, slug):
    """Assign reviewers to the ticked applications of a filtered, paginated list, or (after a confirmation
    showing how many) to every application matching the filter. ``services.assign_reviewers`` does the work."""
    funding_round = _round(slug)
    candidates = selectors.assignment_candidates(funding_round)
    filterset = AssignmentFilter(request.GET or None, queryset=candidates, funding_round=funding_round)
    form = AssignForm(
        request.POST or None, applications=candidates.prefetch_related(None), reviewers=selectors.reviewers()
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["applications"]
        if form.is_for_matching:
            chosen = filterset.qs.prefetch_related(None)
            count = chosen.count()
            if form.cleaned_data["confirmed_count"] != count:
                if form.cleaned_data["confirmed_count"] is not None:
                    messages.warning(
                        request, _("The number of matching applications changed. Check it and confirm again.")
                    )
                return render(
                    request,
                    "grants/staff/assignments_confirm.html",
                    {"round": funding_round, "form": form, "count": count, "filter": filterset},
                )
        try:
            created = services.assign_reviewers(
                chosen, form.cleaned_data["reviewers"], by=request.user, due_on=form.cleaned_data["due_on"]
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(count)s new assignment(s) made.") % {"count": len(created)})
            return redirect(request.get_full_path())
    page = Paginator(filterset.qs, ASSIGNMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/staff/assignments.html",
        {
            "round": funding_round,
            "form": form,
            "filter": filterset,
            "page": page,
            "has_candidates": page.paginator.count > 0 or candidates.exists(),
            "selected": {str(v) for v in form["applications"].value() or []},
            "load": selectors.reviewer_load(funding_round),
        },
    )


@permission_required("review.assign")
@require_POST
def unassign(request, slug, assignment_id):
    assignment = get_object_or_404(ReviewAssignment, pk=assignment_id, application__funding_round__slug=slug)
    try:
        services.unassign_reviewer(assignment, by=request.user, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assignment was removed."))
    return redirect(back_url(request, reverse("grants:staff_assignments", args=[slug])))


ASSIGNMENT_STATES = {
    "open": gettext_lazy("Assigned and not submitted"),
    "overdue": gettext_lazy("Overdue"),
}


@permission_required("review.manage")
def reviewer_load(request, slug):
    funding_round = _round(slug)
    state = request.GET.get("state", "")
    if state not in ASSIGNMENT_STATES:
        state = ""
    assignments = selectors.round_assignments(funding_round, state=state or None)
    return render(
        request,
        "grants/staff/reviewer_load.html",
        {
            "round": funding_round,
            "load": selectors.reviewer_load(funding_round),
            "page": Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page")),
            "state": state,
            "states": ASSIGNMENT_STATES,
        },
    )


@permission_required("review.reopen")
def reopen(request, slug, assignment_id):
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application", "reviewer"),
        pk=assignment_id,
        application__funding_round__slug=slug,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_review(assignment, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The review was reopened."))
            return redirect("grants:staff_reviewer_load", slug=slug)
    return render(
        request,
        "grants/staff/reopen.html",
        {"round": assignment.application.funding_round, "assignment": assignment, "form": form},
    )


SORTS = [
    ("-score", gettext_lazy("Weighted average, highest first")),
    ("score", gettext_lazy("Weighted average, lowest first")),
    ("-spread", gettext_lazy("Disagreement, largest first")),
    ("reference", gettext_lazy("Reference")),
    ("organization", gettext_lazy("Organization")),
    ("county", gettext_lazy("County")),
    ("-requested", gettext_lazy("Requested amount, largest first")),
    ("-reviews", gettext_lazy("Number of reviews")),
]


RANKING_PAGE_SIZE = 25


@permission_required("review.manage")
def ranking(request, slug):
    """The round's ranking: every submitted application ranked over the whole round, then filtered, sorted
    and paginated; decisions out of rank order show their rationale."""
    funding_round = _round(slug)
    outcomes = round_outcomes(funding_round)
    filterset = RankingFilter(
        request.GET or None,
        queryset=Application.objects.filter(funding_round=funding_round),
        outcomes=outcomes,
        funding_round=funding_round,
    )
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in dict(SORTS):
        sort = selectors.DEFAULT_SORT
    is_filtered = filterset.is_bound and filterset.is_valid() and any(filterset.form.cleaned_data.values())
    wanted = set(filterset.qs.values_list("pk", flat=True)) if is_filtered else None
    # Sort and page lightweight keys; build full rows (reviews, decisions) for the page only.
    keys = selectors.sort_index(selectors.ranking_index(funding_round, outcomes), sort)
    if wanted is not None:
        keys = [key for key in keys if key.pk in wanted]
    if request.GET.get("format") == "csv":
        return streaming_csv_response(
            f"ranking-{funding_round.slug}.csv", selectors.ranking_csv_rows(funding_round, keys, outcomes)
        )
    page = Paginator(keys, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list, criteria = selectors.ranking_page_rows(funding_round, list(page.object_list), outcomes)
    return render(
        request,
        "grants/staff/ranking.html",
        {
            "round": funding_round,
            "page": page,
            "ranked_count": sum(1 for key in keys if key.rank is not None),
            "criteria": criteria,
            "filter": filterset,
            "sorts": SORTS,
            "sort": sort,
            "threshold": selectors.SPREAD_FLAG_THRESHOLD,
        },
    )
