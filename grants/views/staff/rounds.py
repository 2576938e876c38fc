"""Staff pages of round set-up: a new round from a previous one, a round's settings with a preview of how a
rule change moves eligibility, opening and closing. Program managers only; every change is audited."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.rounds import NewRoundForm, OpenCloseForm, RoundSettingsForm
from ...models import FundingRound
from ...selectors.rounds import rule_change_preview
from ...services import ServiceError
from ...services import rounds as services
from ..access import permission_required

HISTORY_SHOWN = 20
# The open/close form shares the settings page: its own prefix keeps its field ids apart.
OPEN_CLOSE_PREFIX = "state"


@permission_required("round.manage")
def round_new(request):
    """A new round, filled in from a previous one (?from=slug, default the newest)."""
    rounds = FundingRound.objects.order_by("-opens_on", "slug")
    source_slug = request.POST.get("source") or request.GET.get("from")
    source = get_object_or_404(FundingRound, slug=source_slug) if source_slug else rounds.first()
    if source is None:
        return render(request, "grants/staff/round_new.html", {"form": None, "rounds": rounds})
    initial = {
        **RoundSettingsForm.initial_from(source),
        "name": "",
        "copy_rubric": True,
        "copy_metrics": True,
    }
    form = NewRoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            funding_round = services.create_round_from(
                source,
                by=request.user,
                slug=data["slug"],
                reason=data["reason"],
                counties=data["counties"],
                service_areas=data["service_areas"],
                copy_rubric=data["copy_rubric"],
                copy_metrics=data["copy_metrics"],
                **form.settings(),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The round %(name)s was created.") % {"name": funding_round.name})
            return redirect("grants:round_settings", slug=funding_round.slug)
    return render(request, "grants/staff/round_new.html", {"form": form, "source": source, "rounds": rounds})


@permission_required("round.manage")
def round_settings(request, slug):
    """A round's settings. "Preview" shows how the rules and counties entered would move the eligibility of
    the round's applications; "Save" keeps them, with the reason, in the round's history."""
    funding_round = get_object_or_404(FundingRound, slug=slug)
    form = RoundSettingsForm(request.POST or None, initial=RoundSettingsForm.initial_from(funding_round))
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = rule_change_preview(funding_round, form.rules(), form.proposed_county_fips())
        else:
            data = form.cleaned_data
            try:
                services.update_round(
                    funding_round,
                    by=request.user,
                    reason=data["reason"],
                    counties=data["counties"],
                    service_areas=data["service_areas"],
                    **form.settings(),
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The settings of %(name)s were saved.") % {"name": funding_round.name}
                )
                return redirect("grants:round_settings", slug=slug)
    return render(
        request,
        "grants/staff/round_settings.html",
        {
            "round": funding_round,
            "form": form,
            "preview": preview,
            "is_open": funding_round.is_open_for_applications(),
            "open_close_form": OpenCloseForm(prefix=OPEN_CLOSE_PREFIX),
            "history": funding_round.history.select_related("history_user").order_by("-history_date")[
                :HISTORY_SHOWN
            ],
        },
    )


def _open_or_close(request, slug, action, done):
    funding_round = get_object_or_404(FundingRound, slug=slug)
    form = OpenCloseForm(request.POST, prefix=OPEN_CLOSE_PREFIX)
    if not form.is_valid():
        messages.error(request, _("Give the reason; it is kept in the round's history."))
        return redirect("grants:round_settings", slug=slug)
    try:
        if action == "open":
            services.open_round(
                funding_round,
                by=request.user,
                reason=form.cleaned_data["reason"],
                closes_on=form.cleaned_data["closes_on"],
            )
        else:
            services.close_round(funding_round, by=request.user, reason=form.cleaned_data["reason"])
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"name": funding_round.name})
    return redirect("grants:round_settings", slug=slug)


@permission_required("round.manage")
@require_POST
def round_open(request, slug):
    return _open_or_close(request, slug, "open", _("%(name)s is open for applications."))


@permission_required("round.manage")
@require_POST
def round_close(request, slug):
    return _open_or_close(request, slug, "close", _("%(name)s is closed to applications."))
