"""Staff pages for decisions and awards: decide, coverage, finalize, awards with amendments and status."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.csv_files import streaming_csv_response

from ...filters import AwardFilter
from ...forms.awards import AmendmentForm, DecisionForm, StatusForm
from ...maps import coverage_map
from ...models import Application, AwardDecision, FundingRound
from ...selectors import awards as selectors
from ...selectors.eligibility import round_outcomes
from ...selectors.reviews import rank_positions
from ...services import ServiceError
from ...services import awards as services
from ..access import permission_required


def _round(slug):
    return get_object_or_404(FundingRound, slug=slug)


PAGE_SIZE = 25


@permission_required("decision.record")
def decisions(request, slug):
    """The decision record of a round: every submitted application with its decision, reason and rationale."""
    funding_round = _round(slug)
    outcomes = round_outcomes(funding_round)
    if request.GET.get("format") == "csv":
        return streaming_csv_response(
            f"decisions-{funding_round.slug}.csv", selectors.decisions_csv_rows(funding_round, outcomes)
        )
    page = Paginator(selectors.round_decisions(funding_round), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, outcomes.get(a.pk), getattr(a, "decision", None)) for a in page.object_list]
    return render(
        request,
        "grants/staff/decisions.html",
        {
            "round": funding_round,
            "rows": rows,
            "page": page,
            "totals": selectors.decision_totals(funding_round),
        },
    )


@permission_required("decision.record")
def decide(request, slug, application_id):
    funding_round = _round(slug)
    application = get_object_or_404(
        Application.objects.select_related("organization"),
        pk=application_id,
        funding_round=funding_round,
        status=Application.Status.SUBMITTED,
    )
    outcomes = round_outcomes(funding_round)
    outcome = outcomes.get(application.pk)
    ranks = rank_positions(funding_round, outcomes=outcomes)
    decision = AwardDecision.objects.filter(application=application).first()
    initial = (
        {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "reason": decision.reason,
            "rationale": decision.rationale,
        }
        if decision
        else {}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                application,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                rationale=form.cleaned_data["rationale"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The decision on %(reference)s was saved.") % {"reference": application.reference}
            )
            return redirect("grants:staff_decisions", slug=slug)
    return render(
        request,
        "grants/staff/decide.html",
        {
            "round": funding_round,
            "application": application,
            "outcome": outcome,
            "decision": decision,
            "form": form,
            "rank": ranks.get(application.pk),
            "ranked_count": len(ranks),
            "totals": selectors.decision_totals(funding_round),
        },
    )


@permission_required("award.view")
def coverage(request, slug):
    funding_round = _round(slug)
    units = selectors.coverage(funding_round)
    uncovered = [u for u in units if u.has_no_award]
    return render(
        request,
        "grants/staff/coverage.html",
        {
            "round": funding_round,
            "units": units,
            "uncovered": uncovered,
            "map": coverage_map(units),
            "covered_count": len(units) - len(uncovered),
        },
    )


@permission_required("round.finalize")
def finalize(request, slug):
    funding_round = _round(slug)
    if request.method == "POST":
        try:
            awards = services.finalize_decisions(funding_round, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Decisions finalized: %(count)s awards created and applicants notified.")
                % {"count": len(awards)},
            )
            return redirect("grants:staff_awards", slug=slug)
    return render(
        request,
        "grants/staff/finalize.html",
        {"round": funding_round, "totals": selectors.decision_totals(funding_round)},
    )


@permission_required("award.view")
def awards(request, slug):
    funding_round = _round(slug)
    filterset = AwardFilter(
        request.GET or None, queryset=selectors.round_awards(funding_round), funding_round=funding_round
    )
    if request.GET.get("format") == "csv":
        return streaming_csv_response(
            f"awards-{funding_round.slug}.csv", selectors.awards_csv_rows(filterset.qs)
        )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/staff/awards.html",
        {
            "round": funding_round,
            "awards": page.object_list,
            "page": page,
            "filter": filterset,
            "has_awards": funding_round.awards.exists(),
        },
    )


@permission_required("award.view")
def award_detail(request, award_id):
    award = selectors.award_or_404(award_id)
    return render(
        request,
        "grants/staff/award_detail.html",
        {
            "award": award,
            "round": award.funding_round,
            "amend_form": AmendmentForm(),
            "status_form": StatusForm(award=award),
            "periods": [p for p in award.reporting_periods.all() if p.is_active],
        },
    )


@permission_required("award.amend")
def award_amend(request, award_id):
    award = selectors.award_or_404(award_id)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_award(award, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The amendment was recorded."))
            return redirect("grants:staff_award_detail", award_id=award.pk)
    return render(request, "grants/staff/award_form.html", {"award": award, "form": form, "kind": "amend"})


@permission_required("award.change_status")
@require_POST
def award_status(request, award_id):
    award = selectors.award_or_404(award_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_award_status(award, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The award's status was changed."))
            return redirect("grants:staff_award_detail", award_id=award.pk)
    return render(request, "grants/staff/award_form.html", {"award": award, "form": form, "kind": "status"})
