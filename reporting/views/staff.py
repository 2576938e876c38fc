"""Staff pages of the legislative reports: runs, narratives, generating, previewing and publishing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grants.models import FundingRound
from grants.services.errors import ServiceError
from grants.views.access import permission_required
from portal.csv_files import streaming_csv_response
from portal.errors import FileMissing

from ..forms import GenerateForm, NarrativeForm, RunFilter
from ..models import ReportArtifact, ReportKind, ReportNarrative, ReportRun
from ..selectors import artifact_of, runs_for_staff
from ..services import publish_run, request_report, save_narrative
from .downloads import artifact_response

PAGE_SIZE = 25


@permission_required("report.view")
def run_list(request):
    runs = RunFilter(request.GET, queryset=runs_for_staff())
    if request.GET.get("format") == "csv":
        return _runs_csv(runs.qs)
    page = Paginator(runs.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/staff/run_list.html",
        {
            "filter": runs,
            "page": page,
            "kinds": ReportKind.choices,
            "rounds": FundingRound.objects.order_by("slug"),
        },
    )


def _runs_csv(runs):
    def rows():
        yield ["id", "kind", "round", "parameters", "status", "requested_by", "created_at", "published_at"]
        for pk, kind, round_slug, parameters, status, email, created, published in runs.values_list(
            "pk",
            "kind",
            "funding_round__slug",
            "parameters",
            "status",
            "requested_by__email",
            "created_at",
            "published_at",
        ):
            yield [
                pk,
                kind,
                round_slug,
                " ".join(f"{k}={v}" for k, v in sorted((parameters or {}).items())),
                status,
                email or "",
                created.isoformat(),
                published.isoformat() if published else "",
            ]

    return streaming_csv_response("report-runs.csv", rows())


@permission_required("report.generate")
@require_http_methods(["GET", "POST"])
def generate(request):
    form = GenerateForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = request_report(data["kind"], data["funding_round"], data["parameters"], by=request.user)
        messages.success(
            request, _("The report is queued and will start shortly. This page shows its progress.")
        )
        return redirect("reporting:staff_run", run.pk)
    return render(request, "reporting/staff/generate.html", {"form": form, "kinds": ReportKind.choices})


def _run_or_404(run_id):
    return get_object_or_404(ReportRun.objects.select_related("funding_round", "requested_by"), pk=run_id)


@permission_required("report.view")
def run_detail(request, run_id):
    run = _run_or_404(run_id)
    artifacts = list(run.artifacts.exclude(kind=ReportArtifact.Kind.HTML))
    return render(request, "reporting/staff/run_detail.html", {"run": run, "artifacts": artifacts})


@permission_required("report.view")
def run_status(request, run_id):
    """The status fragment the run page polls (htmx) until the run has finished."""
    return render(request, "reporting/staff/_run_status.html", {"run": _run_or_404(run_id)})


@permission_required("report.view")
def preview(request, run_id):
    run = _run_or_404(run_id)
    artifact = artifact_of(run, ReportArtifact.Kind.HTML)
    if artifact is None:
        raise Http404
    try:
        with artifact.file.open("rb") as stored:
            body = mark_safe(stored.read().decode())  # rendered by the portal's own template, autoescaped
    except OSError as exc:
        raise FileMissing from exc
    return render(request, "reporting/staff/preview.html", {"run": run, "body": body})


@permission_required("report.view")
def download(request, run_id, kind):
    if kind not in ReportArtifact.Kind.values:
        raise Http404
    return artifact_response(_run_or_404(run_id), kind)


@permission_required("report.publish")
@require_http_methods(["GET", "POST"])
def publish(request, run_id):
    run = _run_or_404(run_id)
    current = (
        ReportRun.objects.filter(
            kind=run.kind,
            funding_round=run.funding_round,
            published_at__isnull=False,
            superseded_at__isnull=True,
        )
        .exclude(pk=run.pk)
        .first()
    )
    if request.method == "POST":
        try:
            publish_run(run, by=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report is published on the public reports page."))
        return redirect("reporting:staff_run", run.pk)
    return render(request, "reporting/staff/publish_confirm.html", {"run": run, "current": current})


@permission_required("report.generate")
@require_http_methods(["GET", "POST"])
def narrative_edit(request, round_slug, kind):
    funding_round = get_object_or_404(FundingRound, slug=round_slug)
    if kind not in ReportKind.values:
        raise Http404
    narrative = ReportNarrative.objects.filter(funding_round=funding_round, kind=kind).first()
    form = NarrativeForm(request.POST or None, instance=narrative)
    if request.method == "POST" and form.is_valid():
        save_narrative(funding_round, kind, by=request.user, **form.cleaned_data)
        messages.success(request, _("The narrative is saved. It appears in reports generated from now on."))
        return redirect("reporting:staff_reports")
    return render(
        request,
        "reporting/staff/narrative_form.html",
        {"form": form, "funding_round": funding_round, "kind_label": ReportKind(kind).label},
    )
