"""Forms for assigning reviewers, declaring conflicts of interest, scoring and reopening reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewersForm(forms.Form):
    """The reviewers to assign and the day their reviews are due: shared by the assignment page and the
    screening list's bulk action."""

    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(
        label=_("Review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The reviewers see this date; the review counts as overdue after it."),
    )

    def __init__(self, *args, applications, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


class SelectedAssignForm(ReviewersForm):
    """Reviewers for the applications ticked on the screening list (any screened application of the round:
    the assign service refuses, by name, those that cannot be reviewed)."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one application.")},
    )


class SelectionForm(forms.Form):
    """The applications ticked on a list (checkboxes named ``applications``), e.g. for a CSV of them."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one application.")},
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications


class AssignForm(ReviewersForm):
    """Applications (checkboxes) and reviewers: one application and one reviewer is the one-by-one case; or
    every application matching the page's filter.

    Assigning to every matching application takes a confirmation: the page first shows how many applications
    match, and the second POST carries that count back in ``confirmed_count``.
    """

    TICKED = "ticked"
    MATCHING = "matching"

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    scope = forms.ChoiceField(
        label=_("Assign to"),
        choices=[
            (TICKED, _("The applications ticked on this page")),
            (MATCHING, _("Every application matching the filter")),
        ],
        initial=TICKED,
        required=False,
        widget=forms.RadioSelect,
    )
    confirmed_count = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        cleaned["scope"] = cleaned.get("scope") or self.TICKED
        if (
            cleaned["scope"] == self.TICKED
            and not cleaned.get("applications")
            and "applications" not in self.errors
        ):
            self.add_error(
                "applications",
                _("Tick at least one application, or choose every application matching the filter."),
            )
        return cleaned

    @property
    def is_for_matching(self):
        return self.cleaned_data.get("scope") == self.MATCHING


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant or its partners?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("If yes, explain briefly"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "For example: you work for, advise or are related to someone at the applicant or a partner."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not (data.get("explanation") or "").strip():
            self.add_error("explanation", _("Explain the conflict of interest in a few words."))
        return data


class ScoreForm(forms.Form):
    """One score and one comment per rubric criterion, plus an overall comment."""

    def __init__(self, *args, criteria, scores=None, overall_comment="", **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scores = scores or {}
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score (0 to %(max)s)") % {"max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                initial=existing.score if existing else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.comment if existing else "",
                max_length=5000,
            )
        self.fields["overall_comment"] = forms.CharField(
            label=_("Overall comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=overall_comment,
            max_length=5000,
        )

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }
