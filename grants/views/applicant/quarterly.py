"""Grantee pages of quarterly reporting: what is due, the report form, upload, review and submit, progress."""

from csp.decorators import csp_exempt
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import csv_files

from ... import progress
from ...forms.quarterly import QuarterlyReportForm, TemplateUploadForm
from ...imports_quarterly import TEMPLATE_COLUMNS
from ...lifecycles.quarterly import QUARTERLY_REPORT
from ...models import QuarterlyReport
from ...programs import definition_for
from ...quarterly_rules import format_value
from ...selectors import figures
from ...selectors import quarterly as selectors
from ...services import ServiceError
from ...services import quarterly as services
from ..access import award_in_url, period_in_url, permission_required


@permission_required("quarterly.view")
def quarterly_home(request):
    """Per award, every quarter with its state: due, overdue, submitted, accepted, returned (with comments)."""
    on = selectors.today()
    awards = selectors.member_awards(request.user)
    rows = [
        {
            "award": award,
            "periods": [
                {"period": p, "report": selectors.report_of(p), "state": selectors.period_state(p, on)}
                for p in award.active_periods
            ],
        }
        for award in awards
    ]
    return render(request, "grants/applicant/quarterly_home.html", {"awards": rows})


def _context(period, report, form, **extra):
    return {
        "period": period,
        "award": period.award,
        "report": report,
        "form": form,
        "is_editable": report is None or QUARTERLY_REPORT.can(report, "edit"),
        "state": selectors.period_state(period),
        **extra,
    }


@permission_required("quarterly.edit", period_in_url)
def report_edit(request, period_id):
    """The report form. Saving keeps what follows the rules and shows what does not, keeping every entry."""
    period = selectors.member_period_or_404(request.user, period_id)
    report = selectors.report_of(period)
    metrics = selectors.round_metrics(period.award.funding_round)
    if request.method == "POST":
        form = QuarterlyReportForm(request.POST, metrics=metrics, report=report)
        form.is_valid()
        try:
            result = services.save_quarterly_draft(
                period, raw_values=form.raw_values(), narratives=form.narratives(), by=request.user
            )
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("grants:quarterly_report", period_id=period.pk)
        if result.errors:
            form.add_rule_errors(result.errors)
            return render(
                request,
                "grants/applicant/quarterly_form.html",
                _context(period, result.report, form),
                status=200,
            )
        if "review" in request.POST:
            return redirect("grants:quarterly_review", period_id=period.pk)
        messages.success(request, _("Your draft was saved."))
        return redirect("grants:quarterly_report", period_id=period.pk)
    form = QuarterlyReportForm(metrics=metrics, report=report)
    return render(
        request,
        "grants/applicant/quarterly_form.html",
        _context(period, report, form, upload_form=TemplateUploadForm()),
    )


@permission_required("quarterly.edit", period_in_url)
@require_POST
def report_autosave(request, period_id):
    """htmx: save the draft as the grantee types; answers with a short status read out by screen readers."""
    period = selectors.member_period_or_404(request.user, period_id)
    report = selectors.report_of(period)
    metrics = selectors.round_metrics(period.award.funding_round)
    form = QuarterlyReportForm(request.POST, metrics=metrics, report=report)
    try:
        result = services.save_quarterly_draft(
            period, raw_values=form.raw_values(), narratives=form.narratives(), by=request.user
        )
    except ServiceError as error:
        return render(
            request, "grants/applicant/_autosave_status.html", {"message": str(error), "is_error": True}
        )
    if result.errors:
        message = _("Draft saved, except: %(errors)s") % {"errors": " ".join(result.errors.values())}
    else:
        message = _("Draft saved at %(time)s.") % {"time": result.report.updated_at.strftime("%H:%M")}
    return render(
        request,
        "grants/applicant/_autosave_status.html",
        {"message": message, "is_error": bool(result.errors)},
    )


@permission_required("quarterly.submit", period_in_url)
def report_review(request, period_id):
    """Everything the report says, what still stops it from being sent, and the explicit submit button."""
    period = selectors.member_period_or_404(request.user, period_id)
    report = selectors.report_of(period)
    if report is None:
        messages.info(request, _("Fill in the report first."))
        return redirect("grants:quarterly_report", period_id=period.pk)
    if request.method == "POST":
        try:
            services.submit_quarterly_report(report, by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your report for %(quarter)s was sent to Commerce.") % {"quarter": period}
            )
            return redirect("grants:quarterly_home")
    metrics = selectors.round_metrics(period.award.funding_round)
    stored = selectors.values_of(report)
    language = (translation.get_language() or "en")[:2]
    program = definition_for(period.award.funding_round)
    groups = [
        (
            program.category_label(category, language),
            [
                (metric, format_value(metric, selectors.stored_value(stored.get(metric.code))))
                for metric in items
            ],
        )
        for category, items in selectors.metrics_by_category(metrics)
    ]
    is_editable = QUARTERLY_REPORT.can(report, "edit")
    errors = services.submission_errors(report) if is_editable else {}
    return render(
        request,
        "grants/applicant/quarterly_review.html",
        {
            "period": period,
            "award": period.award,
            "report": report,
            "groups": groups,
            "errors": errors,
            "is_editable": is_editable,
            "narratives": [
                (QuarterlyReport._meta.get_field(name).verbose_name, getattr(report, name))
                for name in selectors.NARRATIVES
            ],
        },
    )


@permission_required("quarterly.view", period_in_url)
def report_template(request, period_id):
    """The quarter's CSV template: metric code, label and help in the grantee's language, and the value."""
    period = selectors.member_period_or_404(request.user, period_id)
    stored = selectors.values_of(selectors.report_of(period))
    response = csv_files.csv_response(f"{period.award.contract_number}-{period.label}.csv")
    response.write("\ufeff")
    writer = csv_files.writer(response)
    writer.writerow(TEMPLATE_COLUMNS)
    for metric in selectors.round_metrics(period.award.funding_round):
        value = format_value(metric, selectors.stored_value(stored.get(metric.code)))
        writer.writerow([metric.code, metric.label_text, metric.help_text_text, value])
    return response


@permission_required("quarterly.edit", period_in_url)
def report_upload(request, period_id):
    """Upload a filled-in template: every error names its line and column, and nothing changes then."""
    period = selectors.member_period_or_404(request.user, period_id)
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = services.upload_quarter_template(
                period, form.cleaned_data["file"].read(), by=request.user
            )
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("grants:quarterly_report", period_id=period.pk)
        if parsed.is_valid:
            messages.success(
                request,
                _("%(count)s values were read from the file. Check them, then review and submit.")
                % {"count": len(parsed.values)},
            )
            return redirect("grants:quarterly_report", period_id=period.pk)
        errors = [str(error) for error in parsed.errors]
    return render(
        request,
        "grants/applicant/quarterly_upload.html",
        {"period": period, "award": period.award, "form": form, "errors": errors},
    )


def _progress(request, award_id):
    """The award's counted figures quarter by quarter and its goals' progress, from the read model."""
    award = selectors.member_award_or_404(request.user, award_id)
    metrics = selectors.round_metrics(award.funding_round)
    program = figures.program_figures(award.funding_round, award_ids=[award.pk])
    this_award = program.award(award.pk)
    quarters = [figures.parse_quarter_label(label) for label in this_award.quarters]
    values = {
        figures.parse_quarter_label(label): by_code
        for label, by_code in program.values.get(award.pk, {}).items()
    }
    goals = [
        progress
        for goal, progress in figures.goals_progress(
            program, {m.code: m for m in metrics}, goals=selectors.award_goals(award)
        )[award.pk]
        if progress is not None
    ]
    return award, metrics, quarters, values, goals


@permission_required("quarterly.view", award_in_url)
def progress_dashboard(request, award_id):
    """Each goal's metric quarter by quarter against its target: a chart with a text alternative and a table."""
    award, metrics, quarters, values, goals = _progress(request, award_id)
    table = [
        {
            "metric": metric,
            "cells": [format_value(metric, values.get(q, {}).get(metric.code)) for q in quarters],
        }
        for metric in metrics
        if metric.kind != "text"
    ]
    return render(
        request,
        "grants/applicant/quarterly_progress.html",
        {
            "award": award,
            "goals": [{"goal": goal, "alt": progress.text_alternative(goal)} for goal in goals],
            "quarter_labels": [f"{y}-Q{q}" for y, q in quarters],
            "table": table,
        },
    )


@csp_exempt()
@permission_required("quarterly.view", award_in_url)
def progress_chart(request, award_id, code):
    """The SVG chart of one goal (rendered in the grantee's language)."""
    *_unused, goals = _progress(request, award_id)
    goal = next((g for g in goals if g.code == code), None)
    if goal is None:
        raise Http404
    svg = progress.chart_svg(goal)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response
