"""Reviewers' pages: their assignments, the conflict-of-interest declaration, scoring with autosave."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.reviews import DeclarationForm, ScoreForm
from ...models import ReviewAssignment
from ...selectors import reviews as selectors
from ...services import ServiceError
from ...services import reviews as services
from ..access import assignment_in_url, permission_required

Status = ReviewAssignment.Status


@permission_required("review.home")
def reviewer_home(request):
    return render(
        request, "grants/reviewer/home.html", {"assignments": selectors.assignments_of(request.user)}
    )


def _score_form(assignment, data=None):
    criteria = selectors.rubric_of(assignment.application.funding_round)
    return ScoreForm(
        data,
        criteria=criteria,
        scores={s.criterion_id: s for s in assignment.scores.all()},
        overall_comment=assignment.overall_comment,
    )


@permission_required("review.score", assignment_in_url)
def review(request, assignment_id):
    """Declaration first; then the application and the score sheet. A recused reviewer sees neither: the
    permission map refuses them (grants.permissions, "review.score")."""
    assignment = selectors.assignment_for_reviewer_or_404(request.user, assignment_id)
    if assignment.has_conflict is None:
        return _declaration(request, assignment)
    form = _score_form(assignment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                assignment,
                by=request.user,
                scores=form.scores(),
                overall_comment=form.cleaned_data["overall_comment"],
            )
            if request.POST.get("action") == "submit":
                services.submit_review(assignment, by=request.user)
                messages.success(request, _("Your review was submitted. Thank you."))
                return redirect("grants:reviewer_home")
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("grants:reviewer_review", assignment_id=assignment.pk)
    return render(
        request,
        "grants/reviewer/review.html",
        {
            "assignment": assignment,
            "application": assignment.application,
            "form": form,
            "is_locked": assignment.status == Status.SUBMITTED
            or assignment.application.funding_round.is_finalized,
        },
    )


def _declaration(request, assignment):
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(
                assignment,
                by=request.user,
                has_conflict=form.cleaned_data["has_conflict"],
                explanation=form.cleaned_data["explanation"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(
                    request, _("You are recused from this application. Thank you for declaring it.")
                )
                return redirect("grants:reviewer_home")
            return redirect("grants:reviewer_review", assignment_id=assignment.pk)
    # Only what is needed to recognise a conflict: who applies, with which partners, where.
    return render(request, "grants/reviewer/declare.html", {"assignment": assignment, "form": form})


@permission_required("review.score", assignment_in_url)
@require_POST
def autosave(request, assignment_id):
    """htmx autosave of the score sheet: saves the valid fields and answers with a short status line."""
    assignment = selectors.assignment_for_reviewer_or_404(request.user, assignment_id)
    form = _score_form(assignment, request.POST)
    form.is_valid()
    scores = {
        c.pk: (form.cleaned_data[f"score_{c.pk}"], form.cleaned_data.get(f"comment_{c.pk}", ""))
        for c in form.criteria
        if f"score_{c.pk}" in form.cleaned_data
    }
    try:
        services.save_scores(
            assignment,
            by=request.user,
            scores=scores,
            overall_comment=form.cleaned_data.get("overall_comment"),
        )
    except ServiceError as error:
        return render(request, "grants/reviewer/_autosave_status.html", {"error": str(error)})
    invalid = [c.label for c in form.criteria if f"score_{c.pk}" in form.errors]
    return render(
        request,
        "grants/reviewer/_autosave_status.html",
        {"saved_at": timezone.now(), "invalid": invalid},
    )
