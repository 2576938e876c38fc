"""Forms for funding decisions, amendments and award status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..lifecycles.awards import reachable_statuses
from ..models import Award, AwardDecision


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=AwardDecision.Outcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("Award amount (dollars)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Required to decline, and to award more than the amount requested."),
    )
    rationale = forms.CharField(
        label=_("Rationale for departing from the ranking order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_(
            "Required when this decision passes over a better-ranked application that was declined, or "
            "declines one ranked above an award. The preliminary report's selection section quotes it."
        ),
    )


class AmendmentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("New amount (dollars)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    period_start = forms.DateField(
        label=_("Period of performance starts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    period_end = forms.DateField(
        label=_("Period of performance ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Award.Status.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        if award is not None and not self.is_bound:
            # Offer only the statuses the award lifecycle allows now; a crafted POST is checked by the service.
            self.fields["status"].choices = reachable_statuses(award)
