"""Staff screening of a round: rounds, the round's dashboard, the filterable application list with eligibility
results and overrides, its bulk actions (assign reviewers, export the ticked rows), an application's detail
page and the CSV export. Program managers only. Eligibility overrides stay one application at a time: each
needs its own reason."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.csv_files import streaming_csv_response

from ...filters import ScreeningFilter
from ...forms.applications import OverrideForm
from ...forms.reviews import SelectedAssignForm, SelectionForm
from ...models import Application, FundingRound
from ...permissions import has_permission
from ...selectors import applications as selectors
from ...selectors import reviews as review_selectors
from ...selectors import screening
from ...selectors.eligibility import round_outcomes
from ...services import ServiceError
from ...services import applications as services
from ...services import reviews as review_services
from ..access import back_url, permission_required

PAGE_SIZE = 25


@permission_required("application.screen")
def staff_rounds(request):
    page = Paginator(selectors.rounds_with_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grants/staff/rounds.html", {"rounds": page.object_list, "page": page})


@permission_required("application.screen")
def round_dashboard(request, slug):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    outcomes = round_outcomes(funding_round)
    return render(
        request,
        "grants/staff/round_dashboard.html",
        {"funding_round": funding_round, **selectors.round_dashboard(funding_round, outcomes)},
    )


def _filtered(request, funding_round):
    outcomes = round_outcomes(funding_round)
    filterset = ScreeningFilter(
        request.GET or None,
        queryset=selectors.screened_applications(funding_round),
        outcomes=outcomes,
        funding_round=funding_round,
    )
    return filterset, outcomes


def _list_page(request, funding_round, assign_form=None, status=200):
    """The screening list (filtered from the query string, paginated) with its bulk-action form."""
    filterset, outcomes = _filtered(request, funding_round)
    # Only what a row shows: the applications' long texts stay in the database.
    listed = filterset.qs.only(
        "id", "reference", "status", "requested_amount", "organization__legal_name", "organization__org_type"
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    names = screening.county_names()
    rows = []
    for application in page.object_list:
        outcome = outcomes.get(application.pk)
        summary = screening.screening_summary(outcome, names) if outcome else None
        rows.append({"application": application, "outcome": outcome, "summary": summary})
    can_assign = bool(has_permission("review.assign", request.user))
    if assign_form is None and can_assign:
        assign_form = SelectedAssignForm(
            applications=Application.objects.none(), reviewers=review_selectors.reviewers()
        )
    return render(
        request,
        "grants/staff/screening_list.html",
        {
            "funding_round": funding_round,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "export_query": request.GET.urlencode(),
            "assign_form": assign_form,
            "can_assign": can_assign,
            "selected": {
                str(v) for v in (assign_form["applications"].value() if assign_form else None) or []
            },
        },
        status=status,
    )


def _back_to_list(request, funding_round):
    """The screening list as it was filtered and paged when the bulk action was sent."""
    query = request.GET.urlencode()
    return reverse("grants:screening_list", args=[funding_round.slug]) + (f"?{query}" if query else "")


@permission_required("application.screen")
def screening_list(request, slug):
    return _list_page(request, get_object_or_404(FundingRound, slug=slug))


@permission_required("application.screen")
def screening_export(request, slug):
    """The filtered list as CSV, streamed from plain rows (values_list), one line per application."""
    funding_round = get_object_or_404(FundingRound, slug=slug)
    filterset, outcomes = _filtered(request, funding_round)
    return streaming_csv_response(
        f"{funding_round.slug}-applications.csv",
        selectors.screening_csv_rows(filterset.qs, outcomes),
        neutralised=True,
    )


@permission_required("review.assign")
@require_POST
def screening_assign(request, slug):
    """Bulk action: assign reviewers to the ticked applications, all or nothing (``assign_reviewers`` refuses
    the whole request, naming each application that cannot be reviewed). A refusal shows the list again with
    the ticks, reviewers and date kept."""
    funding_round = get_object_or_404(FundingRound, slug=slug)
    form = SelectedAssignForm(
        request.POST,
        applications=selectors.screened_applications(funding_round).prefetch_related(None),
        reviewers=review_selectors.reviewers(),
    )
    if form.is_valid():
        try:
            created = review_services.assign_reviewers(
                form.cleaned_data["applications"],
                form.cleaned_data["reviewers"],
                by=request.user,
                due_on=form.cleaned_data["due_on"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s new assignment made for %(references)s.",
                    "%(count)s new assignments made for %(references)s.",
                    len(created),
                )
                % {
                    "count": len(created),
                    "references": ", ".join(a.reference for a in form.cleaned_data["applications"]),
                },
            )
            return redirect(_back_to_list(request, funding_round))
    return _list_page(request, funding_round, assign_form=form, status=400)


@permission_required("application.screen")
@require_POST
def screening_export_selected(request, slug):
    """Bulk action: the screening CSV (the same rows as the filtered export) of the ticked applications."""
    funding_round = get_object_or_404(FundingRound, slug=slug)
    applications = selectors.screened_applications(funding_round)
    form = SelectionForm(request.POST, applications=applications.prefetch_related(None))
    if not form.is_valid():
        messages.error(request, _("Tick at least one application of this list to export it."))
        return redirect(_back_to_list(request, funding_round))
    chosen = applications.filter(pk__in=[a.pk for a in form.cleaned_data["applications"]])
    return streaming_csv_response(
        f"{funding_round.slug}-selected-applications.csv",
        selectors.screening_csv_rows(chosen, round_outcomes(funding_round)),
        neutralised=True,
    )


@permission_required("application.screen")
def staff_application_detail(request, application_id):
    application = selectors.application_with_content(application_id, status__in=["submitted", "withdrawn"])
    outcome = round_outcomes(application.funding_round)[application.pk]
    return render(
        request,
        "grants/staff/application_detail.html",
        {
            "application": application,
            "outcome": outcome,
            "summary": screening.screening_summary(outcome, screening.county_names()),
            "override_form": OverrideForm(),
        },
    )


@permission_required("application.override_eligibility")
@require_POST
def eligibility_override(request, application_id):
    application = get_object_or_404(
        Application.objects.exclude(status=Application.Status.DRAFT), pk=application_id
    )
    form = OverrideForm(request.POST)
    back = back_url(request, reverse("grants:staff_application_detail", args=[application.pk]))
    if not form.is_valid():
        messages.error(
            request,
            _(
                "The decision for %(reference)s was not saved: choose eligible or not eligible and give a reason."
            )
            % {"reference": application.reference},
        )
        return redirect(back)
    try:
        services.override_eligibility(
            application,
            is_eligible=form.cleaned_data["is_eligible"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The eligibility decision for %(reference)s was saved.") % {"reference": application.reference},
        )
    return redirect(back)
