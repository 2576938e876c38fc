"""Applicant pages: start an application, fill in its steps (saved and autosaved), submit, withdraw."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.applications import (
    AreaStepForm,
    AttachmentForm,
    BudgetStepForm,
    EngagementStepForm,
    GoalFormSet,
    GoalsStepForm,
    PartnerFormSet,
    ProjectStepForm,
    StartApplicationForm,
    WithdrawForm,
)
from ...lifecycles.applications import APPLICATION
from ...models import Attachment
from ...selectors import applications as selectors
from ...services import ServiceError
from ...services import applications as services
from ..access import application_in_url, permission_required

# Each step: its main form and its formset (None when it has none).
STEP_FORMS = {
    "project": (ProjectStepForm, None),
    "engagement": (EngagementStepForm, None),
    "partners": (None, PartnerFormSet),
    "goals": (GoalsStepForm, GoalFormSet),
    "area": (AreaStepForm, None),
    "budget": (BudgetStepForm, None),
}


@permission_required("application.start")
def application_start(request):
    organizations = selectors.organizations_of(request.user)
    form = StartApplicationForm(
        request.POST or None, organizations=organizations, rounds=selectors.open_rounds()
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                form.cleaned_data["organization"], form.cleaned_data["funding_round"], by=request.user
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your application %(reference)s was started.") % {"reference": application.reference},
            )
            return redirect("grants:application_step", application_id=application.pk, step="project")
    return render(
        request,
        "grants/applicant/application_start.html",
        {
            "form": form,
            "has_organizations": organizations.exists(),
            "has_rounds": form.fields["funding_round"].queryset.exists(),
        },
    )


@permission_required("application.view", application_in_url)
def application_detail(request, application_id):
    application = selectors.application_for_member_or_404(request.user, application_id)
    if application.is_draft:
        return redirect(
            "grants:application_step",
            application_id=application.pk,
            step=application.current_step or "project",
        )
    application = selectors.application_with_content(application.pk)
    return render(request, "grants/applicant/application_status.html", {"application": application})


def _step_forms(request, application, step, *, with_files=True):
    form_class, formset_class = STEP_FORMS[step]
    data = request.POST if request.method == "POST" else None
    files = request.FILES if (request.method == "POST" and with_files) else None
    form = form_class(data, instance=application) if form_class else None
    formset = formset_class(data, files, instance=application, prefix=step) if formset_class else None
    return form, formset


def _save(request, application, step, form, formset, *, apply_deletions=True):
    fields = {}
    counties = None
    if form is not None:
        fields = {name: form.cleaned_data[name] for name in form.fields if name != "counties"}
        if "counties" in form.fields:
            counties = list(form.cleaned_data["counties"])
    services.save_application_step(
        application,
        step,
        by=request.user,
        fields=fields,
        counties=counties,
        formset=formset,
        apply_deletions=apply_deletions,
    )


def _step_context(application, step, **extra):
    codes = services.STEP_CODES
    index = codes.index(step)
    return {
        "application": application,
        "step": step,
        "steps": services.STEPS,
        "step_label": dict(services.STEPS)[step],
        "step_number": index + 1,
        "step_count": len(codes),
        "previous_step": codes[index - 1] if index else None,
        "next_step": codes[index + 1] if index + 1 < len(codes) else None,
        **extra,
    }


@permission_required("application.edit", application_in_url)
def application_step(request, application_id, step):
    application = selectors.application_for_member_or_404(request.user, application_id)
    if step not in services.STEP_CODES:
        raise Http404
    if not application.is_draft:
        return redirect("grants:application_detail", application_id=application.pk)
    if step == "attachments":
        return _attachments_step(request, application)
    if step == "review":
        return _review_step(request, application)
    form, formset = _step_forms(request, application, step)
    if request.method == "POST":
        valid = (form is None or form.is_valid()) and (formset is None or formset.is_valid())
        if valid:
            try:
                _save(request, application, step, form, formset)
            except ServiceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Saved."))
                target = services.STEP_CODES[services.STEP_CODES.index(step) + 1]
                if request.POST.get("action") == "stay":
                    target = step
                elif request.POST.get("action") == "back":
                    target = services.STEP_CODES[max(services.STEP_CODES.index(step) - 1, 0)]
                return redirect("grants:application_step", application_id=application.pk, step=target)
        else:
            messages.error(request, _("Some answers need attention: see the messages next to the fields."))
    return render(
        request,
        "grants/applicant/application_step.html",
        _step_context(application, step, form=form, formset=formset),
    )


@permission_required("application.edit", application_in_url)
@require_POST
def application_autosave(request, application_id, step):
    """htmx: save what was typed so far and answer with a short status for the aria-live region."""
    application = selectors.application_for_member_or_404(request.user, application_id)
    if step not in STEP_FORMS:
        raise Http404
    if not application.is_draft:
        return HttpResponse(_("This application was submitted; changes are not saved."))
    form, formset = _step_forms(request, application, step, with_files=False)
    if (form is None or form.is_valid()) and (formset is None or formset.is_valid()):
        try:
            _save(request, application, step, form, formset, apply_deletions=False)
        except ServiceError as error:
            return HttpResponse(str(error))
        now = time_format(timezone.localtime(), "H:i")
        status = format_html("{}", _("Saved at %(time)s") % {"time": now})
        return HttpResponse(status + _new_row_ids(formset))
    return HttpResponse(_("Not saved yet: finish or clear the incomplete entry, then save the step."))


def _new_row_ids(formset):
    """Out-of-band swaps giving rows created by this autosave their ids, so the next save updates them."""
    if formset is None:
        return ""
    with_pk = [i for i, row in enumerate(formset.forms) if row.instance.pk]
    if not with_pk:
        return ""
    parts = [
        format_html(
            '<input type="hidden" name="{}" id="{}" value="{}" hx-swap-oob="true">',
            row.add_prefix("id"),
            row["id"].auto_id,
            row.instance.pk,
        )
        for row in formset.forms
        if row.instance.pk
    ]
    parts.append(
        format_html(
            '<input type="hidden" name="{}" id="{}" value="{}" hx-swap-oob="true">',
            formset.management_form.add_prefix("INITIAL_FORMS"),
            formset.management_form["INITIAL_FORMS"].auto_id,
            max(with_pk) + 1,
        )
    )
    return format_html("".join(["{}"] * len(parts)), *parts)


def _attachments_step(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                application,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The file was attached."))
            return redirect("grants:application_step", application_id=application.pk, step="attachments")
    return render(
        request,
        "grants/applicant/application_attachments.html",
        _step_context(
            application, "attachments", form=form, attachments=selectors.live_attachments(application)
        ),
    )


def _review_step(request, application):
    application = selectors.application_with_content(application.pk)
    labels = dict(services.STEPS)
    problems = [(code, labels[code], message) for code, message in services.submission_problems(application)]
    return render(
        request,
        "grants/applicant/application_review.html",
        _step_context(application, "review", problems=problems),
    )


@permission_required("application.submit", application_in_url)
@require_POST
def application_submit(request, application_id):
    application = selectors.application_for_member_or_404(request.user, application_id)
    try:
        services.submit_application(application, by=request.user)
    except services.ApplicationIncomplete as incomplete:
        messages.error(request, str(incomplete))
        return redirect("grants:application_step", application_id=application.pk, step="review")
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("grants:application_detail", application_id=application.pk)
    messages.success(request, _("Your application was submitted. Commerce will screen it for eligibility."))
    return redirect("grants:application_detail", application_id=application.pk)


@permission_required("application.withdraw", application_in_url)
def application_withdraw(request, application_id):
    """The confirmation step of a withdrawal: the reason is required."""
    application = selectors.application_for_member_or_404(request.user, application_id)
    refusal = APPLICATION.refusal(application, "withdraw")
    if refusal and request.method == "GET":
        messages.error(request, refusal)
        return redirect("grants:application_detail", application_id=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(application, by=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application was withdrawn."))
        return redirect("grants:application_detail", application_id=application.pk)
    return render(
        request, "grants/applicant/application_withdraw.html", {"application": application, "form": form}
    )


@permission_required("application.edit", application_in_url)
@require_POST
def attachment_remove(request, application_id, attachment_id):
    application = selectors.application_for_member_or_404(request.user, application_id)
    attachment = get_object_or_404(
        Attachment, pk=attachment_id, application=application, removed_at__isnull=True
    )
    try:
        services.remove_attachment(attachment, by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("grants:application_step", application_id=application.pk, step="attachments")
