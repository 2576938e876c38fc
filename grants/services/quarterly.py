"""Verbs of quarterly reporting: save a draft, submit, accept, return, upload a template, import a file."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.notifications import notify

from ..imports_quarterly import LineError, parse_import, parse_quarter_template
from ..models import Membership, Metric, MetricValue, QuarterlyReport, ReportingPeriod, ReportVersion
from ..quarterly_rules import check_values, expenditure_error, format_value
from ..selectors import quarterly as selectors
from .errors import ServiceError

EDITABLE = {QuarterlyReport.Status.DRAFT, QuarterlyReport.Status.RETURNED}
NARRATIVE_MAX = 10_000


def _report(period):
    report, _created = QuarterlyReport.objects.get_or_create(period=period)
    return report


def _check_editable(report):
    if report.status not in EDITABLE:
        raise ServiceError(_("This report was sent to Commerce and can no longer be changed."))


def _write_values(report, metrics, values):
    """Store ``values`` {code: value or None}: set, change or clear one MetricValue per metric."""
    existing = selectors.values_of(report)
    for metric in metrics:
        if metric.code not in values:
            continue
        value = values[metric.code]
        current = existing.get(metric.code)
        if value is None:
            if current is not None:
                current.delete()
            continue
        fields = (
            {"text": value, "number": None}
            if metric.kind == Metric.Kind.TEXT
            else {"number": value, "text": ""}
        )
        if current is None:
            MetricValue.objects.create(report=report, metric=metric, **fields)
        elif any(getattr(current, name) != wanted for name, wanted in fields.items()):
            for name, wanted in fields.items():
                setattr(current, name, wanted)
            current.save()


def _clean_narratives(narratives):
    return {name: (narratives.get(name) or "").strip()[:NARRATIVE_MAX] for name in selectors.NARRATIVES}


@dataclass
class DraftResult:
    report: QuarterlyReport
    errors: dict = field(default_factory=dict)


@transaction.atomic
def save_quarterly_draft(period, *, raw_values, narratives, by):
    """Keep what the grantee typed that follows the rules; report the rest (a draft may be incomplete)."""
    report = _report(ReportingPeriod.objects.select_for_update().get(pk=period.pk))
    _check_editable(report)
    metrics = selectors.round_metrics(period.award.funding_round)
    checked = check_values(metrics, raw_values, require_all=False)
    _write_values(report, metrics, {code: v for code, v in checked.values.items() if code in raw_values})
    for name, text in _clean_narratives(narratives).items():
        setattr(report, name, text)
    report._change_reason = "Draft saved"
    report.save()
    return DraftResult(report=report, errors=checked.errors)


def submission_errors(report):
    """Everything that stops a report being sent: {code or narrative name: message}."""
    period = report.period
    metrics = selectors.round_metrics(period.award.funding_round)
    stored = selectors.values_of(report)
    raw = {code: format_value(value.metric, selectors.stored_value(value)) for code, value in stored.items()}
    checked = check_values(metrics, raw, require_all=True)
    errors = dict(checked.errors)
    if "expenditures" not in errors:
        message = expenditure_error(
            period.award.amount, selectors.spent_in_other_quarters(period), checked.values.get("expenditures")
        )
        if message:
            errors["expenditures"] = message
    if not report.highlights.strip():
        errors["highlights"] = _("Highlights of the quarter are required.")
    if selectors.today() <= period.ends_on:
        errors["quarter"] = _("The quarter ends on %(date)s; its report can be submitted after that.") % {
            "date": date_format(period.ends_on, "DATE_FORMAT")
        }
    return errors


def _snapshot(report, *, by, is_imported=False):
    metrics = {metric.code: metric for metric in selectors.round_metrics(report.period.award.funding_round)}
    values = {
        code: format_value(metrics[code], selectors.stored_value(value))
        for code, value in selectors.values_of(report).items()
    }
    report.version += 1
    report.submitted_at = timezone.now()
    if report.first_submitted_at is None:
        report.first_submitted_at = report.submitted_at
    report.submitted_by = by
    ReportVersion.objects.create(
        report=report,
        number=report.version,
        values=values,
        narratives={name: getattr(report, name) for name in selectors.NARRATIVES},
        is_imported=is_imported,
        submitted_at=report.submitted_at,
        submitted_by=by,
    )


@transaction.atomic
def submit_quarterly_report(report, *, by):
    """Send the report to Commerce: every rule checked, a new version kept."""
    report = (
        QuarterlyReport.objects.select_for_update()
        .select_related("period__award__funding_round")
        .get(pk=report.pk)
    )
    _check_editable(report)
    errors = submission_errors(report)
    if errors:
        raise ServiceError(
            _("The report cannot be sent yet: %(errors)s") % {"errors": " ".join(errors.values())}
        )
    _snapshot(report, by=by)
    report.status = QuarterlyReport.Status.SUBMITTED
    report._change_reason = f"Version {report.version} submitted"
    report.save()
    return report


def _members(award):
    return Membership.objects.filter(organization_id=award.organization_id, is_active=True).select_related(
        "user"
    )


def _notify_members(report, template, context):
    award = report.period.award
    for membership in _members(award):
        user = membership.user
        notify(
            template=template,
            email=user.email,
            recipient=user,
            context={
                "organization": award.organization.legal_name,
                "contract_number": award.contract_number,
                "quarter": report.period.label,
                "period_id": report.period_id,
                **context,
            },
            dedupe_key=f"{template}:{report.pk}:v{report.version}:{user.pk}",
        )


@transaction.atomic
def accept_quarterly_report(report, *, by):
    report = (
        QuarterlyReport.objects.select_for_update()
        .select_related("period__award__organization")
        .get(pk=report.pk)
    )
    if report.status != QuarterlyReport.Status.SUBMITTED:
        raise ServiceError(_("Only a submitted report can be accepted."))
    report.status = QuarterlyReport.Status.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = ""
    report._change_reason = f"Version {report.version} accepted"
    report.save()
    _notify_members(report, "quarterly_accepted", {})
    return report


@transaction.atomic
def return_quarterly_report(report, *, by, comment):
    """Send the report back for revision; the comments are required and reach every member by email."""
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError(_("Say what needs to change: comments are required to return a report."))
    report = (
        QuarterlyReport.objects.select_for_update()
        .select_related("period__award__organization")
        .get(pk=report.pk)
    )
    if report.status != QuarterlyReport.Status.SUBMITTED:
        raise ServiceError(_("Only a submitted report can be returned."))
    report.status = QuarterlyReport.Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = comment
    report._change_reason = f"Version {report.version} returned: {comment}"[:100]
    report.save()
    _notify_members(report, "quarterly_returned", {"comment": comment})
    return report


@transaction.atomic
def upload_quarter_template(period, data, *, by):
    """Fill a draft from an uploaded quarter template: all values or none. Returns the parse result."""
    metrics = selectors.round_metrics(period.award.funding_round)
    parsed = parse_quarter_template(data, {metric.code: metric for metric in metrics})
    if not parsed.is_valid:
        return parsed
    report = _report(ReportingPeriod.objects.select_for_update().get(pk=period.pk))
    _check_editable(report)
    _write_values(report, metrics, parsed.values)
    report._change_reason = "Values uploaded from a CSV template"
    report.save()
    return parsed


def import_quarterly_file(funding_round, data, *, by=None):
    """Load a bulk file (contract_number,quarter,metric,value): all or nothing; twice changes nothing.

    Returns the parse result with ``changed`` (reports written) set; errors leave the database untouched.
    """
    metrics = selectors.round_metrics(funding_round)
    by_code = {metric.code: metric for metric in metrics}
    periods = {
        (p.award.contract_number, p.year, p.quarter): p
        for p in ReportingPeriod.objects.filter(
            award__funding_round=funding_round, is_active=True, award__status="active"
        ).select_related("award")
    }
    parsed = parse_import(data, by_code, set(periods))
    parsed.changed = 0
    if not parsed.is_valid:
        return parsed
    grouped = {}
    for row in parsed.rows:
        grouped.setdefault((row.contract_number, row.year, row.quarter), []).append(row)
    current = _current_values([periods[key].pk for key in grouped])
    with transaction.atomic():
        for key, rows in grouped.items():
            values = {row.code: row.value for row in rows}
            status, stored = current.get(periods[key].pk, (None, {}))
            if status not in {None, QuarterlyReport.Status.DRAFT} and all(
                stored.get(code) == value for code, value in values.items()
            ):
                continue  # already there: importing the same file again changes nothing
            if _import_report(periods[key], values, metrics, by=by):
                parsed.changed += 1
        errors = _imported_expenditure_errors(parsed.rows, periods)
        if errors:
            parsed.errors.extend(errors)
            parsed.changed = 0
            transaction.set_rollback(True)
    return parsed


def _current_values(period_ids):
    """{period id: (report status, {code: stored value})} in two queries, for the no-change check."""
    current = {
        period_id: (status, {})
        for period_id, status in QuarterlyReport.objects.filter(period_id__in=period_ids).values_list(
            "period_id", "status"
        )
    }
    rows = MetricValue.objects.filter(report__period_id__in=period_ids).values_list(
        "report__period_id", "metric__code", "metric__kind", "number", "text"
    )
    for period_id, code, kind, number, text in rows:
        current[period_id][1][code] = text if kind == Metric.Kind.TEXT else number
    return current


def _import_report(period, values, metrics, *, by):
    report = _report(ReportingPeriod.objects.select_for_update().get(pk=period.pk))
    current = {code: selectors.stored_value(value) for code, value in selectors.values_of(report).items()}
    if report.status != QuarterlyReport.Status.DRAFT and all(current.get(c) == v for c, v in values.items()):
        return False
    _write_values(report, metrics, values)
    _snapshot(report, by=by, is_imported=True)
    report.status = QuarterlyReport.Status.SUBMITTED
    report.is_imported = True
    report._change_reason = f"Version {report.version} imported"
    report.save()
    return True


def _imported_expenditure_errors(rows, periods):
    """After writing: a line/column error per award whose reported spending now exceeds the award."""
    first_line = {}
    for row in rows:
        if row.code == "expenditures":
            period = periods[(row.contract_number, row.year, row.quarter)]
            first_line.setdefault(period.award_id, (row, period.award))
    if not first_line:
        return []
    totals = dict(
        MetricValue.objects.filter(
            report__period__award_id__in=first_line, metric__code="expenditures", number__isnull=False
        )
        .exclude(report__status=QuarterlyReport.Status.DRAFT)
        .values("report__period__award_id")
        .annotate(total=Sum("number"))
        .values_list("report__period__award_id", "total")
    )
    errors = []
    for award_id, (row, award) in first_line.items():
        total = totals.get(award_id) or 0
        if total > award.amount:
            this = row.value or 0
            errors.append(LineError(row.line, "value", expenditure_error(award.amount, total - this, this)))
    return sorted(errors, key=lambda error: error.line)
