"""Staff pages of quarterly reporting: the submissions board, its export, reviewing a report, the catalog."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import csv_files

from ...forms.quarterly import MetricCreateForm, MetricForm, ReturnForm, SubmissionFilter
from ...lifecycles.quarterly import QUARTERLY_REPORT
from ...models import FundingRound, Metric, QuarterlyReport
from ...programs import definition_for
from ...quarterly_rules import format_by_kind, format_value
from ...selectors import figures
from ...selectors import quarterly as selectors
from ...services import ServiceError
from ...services import quarterly as services
from ..access import permission_required

PAGE_SIZE = 50
BOARD_STATES = [
    selectors.DUE,
    selectors.MISSING,
    selectors.SUBMITTED,
    selectors.RETURNED,
    selectors.ACCEPTED,
]


def _round(request):
    """The round named by ?round=, else the newest round whose awards report (else the newest round)."""
    slug = request.GET.get("round")
    rounds = FundingRound.objects.order_by("-opens_on")
    if slug:
        return get_object_or_404(FundingRound, slug=slug)
    return rounds.filter(awards__isnull=False).first() or rounds.first()


@permission_required("quarterly.review")
def submissions(request):
    """The board: every quarter of every award in the round, with its state, filterable and paginated."""
    funding_round = _round(request)
    periods = selectors.board_periods(funding_round)
    quarters = sorted(periods.order_by().values_list("year", "quarter").distinct())
    board = SubmissionFilter(request.GET, queryset=periods, quarters=[f"{y}-Q{q}" for y, q in quarters])
    page = Paginator(board.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The read model's state of every quarter of the round (what program_figures counts), in one query.
    states = figures.quarter_states(figures.reporting_periods(funding_round)) if funding_round else None
    for period in page:
        period.is_late = states.get(period.pk) == figures.LATE
    counts = dict(periods.order_by().values_list("state").annotate(count=Count("pk")))
    return render(
        request,
        "grants/staff/submissions.html",
        {
            "funding_round": funding_round,
            "rounds": FundingRound.objects.order_by("-opens_on"),
            "filter": board,
            "page": page,
            "counts": [(state, counts.get(state, 0)) for state in BOARD_STATES],
            "completeness": _completeness(states),
        },
    )


def _completeness(states):
    """(key, label, count) of the round's quarters by completeness, as the read model counts them."""
    if states is None:
        return []
    completeness = figures.completeness_of(states.values())
    labels = {
        "due": _("Due"),
        figures.ON_TIME: _("On time"),
        figures.LATE: _("Late"),
        figures.RETURNED: _("Returned"),
        figures.MISSING: _("Missing"),
        figures.NOT_YET_DUE: _("Not yet due"),
    }
    return [(key, labels[key], completeness[key]) for key in figures.COMPLETENESS_KEYS]


@permission_required("quarterly.review")
def submissions_export(request):
    """Every value of the round's submitted and accepted reports: contract_number, quarter, metric, value."""
    funding_round = _round(request)
    response = csv_files.csv_response(f"quarterly-values-{funding_round.slug}.csv")
    writer = csv_files.writer(response)
    writer.writerow(["contract_number", "quarter", "metric", "value"])
    for contract, year, quarter, code, kind, number, text in selectors.export_rows(funding_round).iterator(
        chunk_size=5000
    ):
        value = text if kind == Metric.Kind.TEXT else number
        writer.writerow([contract, f"{year}-Q{quarter}", code, format_by_kind(kind, value)])
    return response


@permission_required("quarterly.review")
def figures_export(request):
    """One row per award of the round: the read model's figures (money, status, metric totals, quarters)."""
    funding_round = _round(request)
    if funding_round is None:
        raise Http404
    program = figures.program_figures(funding_round)
    codes = sorted({code for a in program.awards for code in a.metrics})
    labels = program.quarter_labels
    response = csv_files.csv_response(f"program-figures-{funding_round.slug}.csv")
    writer = csv_files.writer(response)
    writer.writerow(
        ["contract_number", "organization", "counties", "amount", "status", "expended", *codes, *labels]
    )
    for award in program.awards:
        writer.writerow(
            [
                award.contract_number,
                award.organization,
                "; ".join(award.counties),
                figures.money(award.amount),
                award.status,
                figures.money(award.expended),
                *[
                    figures.metric_total(award.metrics[code], program.metric_kinds.get(code))
                    if code in award.metrics
                    else ""
                    for code in codes
                ],
                *[award.quarters.get(label, "") for label in labels],
            ]
        )
    return response


def _diff(previous, current, metrics):
    """Rows (label, before, after) for every metric value and narrative that changed between two versions."""
    rows = []
    for metric in metrics:
        before, after = previous.values.get(metric.code, ""), current.values.get(metric.code, "")
        if before != after:
            rows.append((metric.label_text, before, after))
    for name in selectors.NARRATIVES:
        before, after = previous.narratives.get(name, ""), current.narratives.get(name, "")
        if before != after:
            rows.append((QuarterlyReport._meta.get_field(name).verbose_name.capitalize(), before, after))
    return rows


@permission_required("quarterly.review")
def submission_detail(request, report_id):
    """One report: its values and narratives, its versions, what changed since the last one, accept or return."""
    report = get_object_or_404(
        QuarterlyReport.objects.select_related(
            "period__award__organization", "period__award__funding_round", "reviewed_by"
        ),
        pk=report_id,
    )
    metrics = selectors.round_metrics(report.period.award.funding_round)
    stored = selectors.values_of(report)
    versions = selectors.versions_of(report)
    compare = None
    if len(versions) >= 2:
        by_number = {v.number: v for v in versions}
        try:
            number = int(request.GET.get("compare", versions[-1].number))
        except ValueError as exc:
            raise Http404 from exc
        if number not in by_number or number - 1 not in by_number:
            raise Http404
        previous, current = by_number[number - 1], by_number[number]
        compare = {"previous": previous, "current": current, "rows": _diff(previous, current, metrics)}
    program = definition_for(report.period.award.funding_round)
    groups = [
        (
            program.category_label(category, (request.LANGUAGE_CODE or "en")[:2]),
            [(m, format_value(m, selectors.stored_value(stored.get(m.code)))) for m in items],
        )
        for category, items in selectors.metrics_by_category(metrics)
    ]
    return render(
        request,
        "grants/staff/submission_detail.html",
        {
            "report": report,
            "period": report.period,
            "award": report.period.award,
            "groups": groups,
            "narratives": [
                (QuarterlyReport._meta.get_field(n).verbose_name, getattr(report, n))
                for n in selectors.NARRATIVES
            ],
            "versions": versions,
            "compare": compare,
            "return_form": ReturnForm(),
            "can_review": QUARTERLY_REPORT.can(report, "accept"),
        },
    )


@permission_required("quarterly.review")
@require_POST
def submission_accept(request, report_id):
    report = get_object_or_404(QuarterlyReport, pk=report_id)
    try:
        services.accept_quarterly_report(report, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report was accepted and the grantee notified."))
    return redirect("grants:staff_submission", report_id=report.pk)


@permission_required("quarterly.review")
@require_POST
def submission_return(request, report_id):
    report = get_object_or_404(QuarterlyReport, pk=report_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_quarterly_report(report, by=request.user, comment=form.cleaned_data["comment"])
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report was returned for revision and the grantee notified."))
        return redirect("grants:staff_submission", report_id=report.pk)
    messages.error(request, _("Comments are required to return a report."))
    return redirect("grants:staff_submission", report_id=report.pk)


@permission_required("metric.manage")
def metric_list(request, round_slug):
    funding_round = get_object_or_404(FundingRound, slug=round_slug)
    language = (request.LANGUAGE_CODE or "en")[:2]
    metrics = Metric.objects.filter(funding_round=funding_round).order_by("order", "pk")
    return render(
        request,
        "grants/staff/metric_list.html",
        {
            "funding_round": funding_round,
            "groups": [
                (definition_for(funding_round).category_label(category, language), items)
                for category, items in selectors.metrics_by_category(metrics)
            ],
        },
    )


@permission_required("metric.manage")
def metric_edit(request, metric_id):
    metric = get_object_or_404(Metric.objects.select_related("funding_round"), pk=metric_id)
    form = MetricForm(request.POST or None, instance=metric)
    if request.method == "POST" and form.is_valid():
        metric = form.save(commit=False)
        metric._change_reason = "Metric edited"
        metric.save()
        messages.success(request, _("The metric was saved."))
        return redirect("grants:staff_metrics", round_slug=metric.funding_round.slug)
    return render(
        request,
        "grants/staff/metric_form.html",
        {"form": form, "metric": metric, "funding_round": metric.funding_round},
    )


@permission_required("metric.manage")
def metric_create(request, round_slug):
    funding_round = get_object_or_404(FundingRound, slug=round_slug)
    form = MetricCreateForm(request.POST or None, funding_round=funding_round)
    if request.method == "POST" and form.is_valid():
        metric = form.save(commit=False)
        metric.funding_round = funding_round
        metric._change_reason = "Metric added"
        metric.save()
        messages.success(request, _("The metric was added to the round."))
        return redirect("grants:staff_metrics", round_slug=funding_round.slug)
    return render(
        request,
        "grants/staff/metric_form.html",
        {"form": form, "metric": None, "funding_round": funding_round},
    )
