"""Staff screening of a round: rounds, the round's dashboard, the filterable application list with eligibility
results and overrides, an application's detail page and the CSV export. Program managers only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import csv_files

from ...filters import ScreeningFilter
from ...forms.applications import OverrideForm
from ...models import Application, FundingRound
from ...selectors import applications as selectors
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
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"application": a, "outcome": outcomes.get(a.pk)} for a in page.object_list]
    return render(
        request,
        "grants/staff/screening_list.html",
        {
            "funding_round": funding_round,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "override_form": OverrideForm(),
            "export_query": request.GET.urlencode(),
        },
    )


@permission_required("application.screen")
def screening_export(request, slug):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    filterset, outcomes = _filtered(request, funding_round)
    response = csv_files.csv_response(f"{funding_round.slug}-applications.csv")
    writer = csv_files.writer(response)
    codes = None
    for application in filterset.qs:
        outcome = outcomes[application.pk]
        if codes is None:
            codes = [c.code for c in outcome.criteria if c.code != "law_enforcement_rule"]
            writer.writerow(
                [
                    "reference",
                    "organization",
                    "organization_type",
                    "status",
                    "counties",
                    "communities",
                    "requested_amount",
                    *codes,
                    "law_enforcement_rule",
                    "blocked_by",
                    "override",
                    "eligible",
                ]
            )
        results = {c.code: c.passed for c in outcome.criteria}
        writer.writerow(
            [
                application.reference,
                application.organization.legal_name,
                application.organization.org_type,
                application.status,
                ";".join(c.name for c in application.counties.all()),
                ";".join(application.communities or []),
                application.requested_amount if application.requested_amount is not None else "",
                *["yes" if results.get(code) else "no" for code in codes],
                {True: "yes", False: "no"}.get(results.get("law_enforcement_rule"), ""),
                ";".join(outcome.blocked_by_references),
                {True: "eligible", False: "not eligible"}.get(outcome.facts.override, ""),
                "yes" if outcome.is_eligible else "no",
            ]
        )
    if codes is None:
        writer.writerow(["reference", "organization", "organization_type", "status", "eligible"])
    return response


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
            "override_form": OverrideForm(),
            "blockers": _blockers(outcome),
        },
    )


def _blockers(outcome):
    return [
        {"id": b.id, "reference": b.reference, "organization": b.organization} for b in outcome.blocked_by
    ]


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
