"""Staff pages for decisions and awards: decide, coverage, finalize, awards with amendments and status."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import csv_files

from ...filters import AwardFilter
from ...forms.awards import AmendmentForm, DecisionForm, StatusForm
from ...lifecycles.awards import AWARD
from ...maps import coverage_map
from ...models import Application, AwardDecision, FundingRound
from ...selectors import awards as selectors
from ...selectors.eligibility import round_outcomes
from ...services import ServiceError
from ...services import awards as services
from ..access import permission_required


def _round(slug):
    return get_object_or_404(FundingRound, slug=slug)


@permission_required("decision.record")
def decisions(request, slug):
    funding_round = _round(slug)
    outcomes = round_outcomes(funding_round)
    applications = list(selectors.round_decisions(funding_round))
    rows = [(a, outcomes.get(a.pk), getattr(a, "decision", None)) for a in applications]
    if request.GET.get("format") == "csv":
        response = csv_files.csv_response(f"decisions-{funding_round.slug}.csv")
        writer = csv_files.writer(response)
        writer.writerow(
            ["reference", "organization", "counties", "requested_amount", "eligible", "decision", "amount",
             "reason", "decided_by", "decided_at"]
        )  # fmt: skip
        for application, outcome, decision in rows:
            writer.writerow(
                [
                    application.reference,
                    application.organization.legal_name,
                    "; ".join(c.name for c in application.counties.all()),
                    application.requested_amount if application.requested_amount is not None else "",
                    "yes" if outcome and outcome.is_eligible else "no",
                    decision.outcome if decision else "",
                    decision.amount if decision and decision.amount is not None else "",
                    decision.reason if decision else "",
                    decision.decided_by.email if decision else "",
                    decision.decided_at.isoformat() if decision else "",
                ]
            )
        return response
    return render(
        request,
        "grants/staff/decisions.html",
        {"round": funding_round, "rows": rows, "totals": selectors.decision_totals(funding_round)},
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
    outcome = round_outcomes(funding_round).get(application.pk)
    decision = AwardDecision.objects.filter(application=application).first()
    initial = (
        {"outcome": decision.outcome, "amount": decision.amount, "reason": decision.reason}
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
    filterset = AwardFilter(request.GET or None, queryset=selectors.round_awards(funding_round))
    awards = filterset.qs
    if request.GET.get("format") == "csv":
        response = csv_files.csv_response(f"awards-{funding_round.slug}.csv")
        writer = csv_files.writer(response)
        writer.writerow(
            ["contract_number", "application", "organization", "amount", "counties", "period_start",
             "period_end", "status"]
        )  # fmt: skip
        for award in awards:
            writer.writerow(
                [
                    award.contract_number,
                    award.application.reference,
                    award.organization.legal_name,
                    award.amount,
                    "; ".join(c.name for c in award.counties.all()),
                    award.period_start.isoformat(),
                    award.period_end.isoformat(),
                    AWARD.state_of(award),
                ]
            )
        return response
    return render(
        request,
        "grants/staff/awards.html",
        {
            "round": funding_round,
            "awards": awards,
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
