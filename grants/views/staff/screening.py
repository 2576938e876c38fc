"""Staff screening of a round: rounds, the round's dashboard, the filterable application list with eligibility
results and overrides, an application's detail page and the CSV export. Program managers only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_files import streaming_csv_response

from ...filters import ScreeningFilter
from ...forms.applications import OverrideForm
from ...models import Application, FundingRound
from ...selectors import applications as selectors
from ...selectors import screening
from ...selectors.eligibility import round_outcomes
from ...services import ServiceError
from ...services import applications as services
from ..access import permission_required

PAGE_SIZE = 25


@permission_required("application.screen")
def staff_rounds(request):
    return render(request, "grants/staff/rounds.html", {"rounds": selectors.rounds_with_counts()})


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


@permission_required("application.screen")
def screening_list(request, slug):
    funding_round = get_object_or_404(FundingRound, slug=slug)
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
    return render(
        request,
        "grants/staff/screening_list.html",
        {
            "funding_round": funding_round,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "export_query": request.GET.urlencode(),
        },
    )


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
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("grants:staff_application_detail", args=[application.pk])
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
