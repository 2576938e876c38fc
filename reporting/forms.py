"""Forms of the staff report pages."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from grants.models import FundingRound
from grants.services.errors import ServiceError

from .models import ReportKind, ReportNarrative, ReportRun
from .services import biennial_rounds, report_parameters


class DateInput(forms.DateInput):
    input_type = "date"


# Which fields each kind of report takes; the Generate page shows only these (grants nothing else).
KIND_FIELDS = {
    ReportKind.PRELIMINARY: ("as_of",),
    ReportKind.FINAL: ("period_start", "period_end"),
    ReportKind.BIENNIAL: ("year", "period_start", "period_end"),
}


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    funding_round = forms.ModelChoiceField(
        label=_("Funding round"),
        queryset=FundingRound.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
        help_text=_("Not needed for a biennial report that covers every round of the biennium."),
    )
    as_of = forms.DateField(
        label=_("Status as of"),
        required=False,
        widget=DateInput,
        help_text=_("Preliminary report. Default: today."),
    )
    period_start = forms.DateField(
        label=_("Period starts"),
        required=False,
        widget=DateInput,
        help_text=_("Final or biennial report. Default: the round's funding period."),
    )
    period_end = forms.DateField(label=_("Period ends"), required=False, widget=DateInput)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2001,
        max_value=2099,
        help_text=_("Biennial report: an odd year."),
    )
    all_rounds = forms.BooleanField(
        label=_("Cover every round active in the biennium"),
        required=False,
        help_text=_("Biennial report: implementation and outcomes per round and combined."),
    )

    def chosen_kind(self):
        """The kind the person chose (submitted, or in the address), if it is a known one."""
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return kind if kind in KIND_FIELDS else None

    def kind_rows(self):
        """Each field with the kinds it belongs to and whether it is hidden for the chosen kind."""
        kind = self.chosen_kind()
        rows = []
        for field in self:
            kinds = [k for k, names in KIND_FIELDS.items() if field.name in names]
            rows.append(
                {
                    "field": field,
                    "kinds": " ".join(kinds),
                    "hidden": bool(kinds and kind and kind not in kinds),
                }
            )
        return rows

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # Fields of another kind may still hold values typed before the kind changed: they do not count.
        for name in ("as_of", "period_start", "period_end", "year"):
            if name not in KIND_FIELDS.get(data["kind"], ()):
                data[name] = None
        rounds = None
        try:
            if data.get("all_rounds"):
                if data["kind"] != ReportKind.BIENNIAL:
                    raise ServiceError(_("Only a biennial report covers every round of a biennium."))
                rounds = biennial_rounds(data.get("year"), data.get("period_start"), data.get("period_end"))
                data["funding_round"] = rounds[-1]  # the run is filed under the newest round it covers
            elif not data.get("funding_round"):
                raise ServiceError(_("Choose the funding round."))
            data["parameters"] = report_parameters(
                data["kind"],
                data["funding_round"],
                rounds=rounds if rounds and len(rounds) > 1 else None,
                as_of=data.get("as_of"),
                period_start=data.get("period_start"),
                period_end=data.get("period_end"),
                year=data.get("year"),
            )
        except ServiceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = ["summary", "highlights", "recommendations", "methodology_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "summary": _("Opens the report, before the computed key figures."),
            "highlights": _("Narrative highlights chosen from the grantees' quarterly reports."),
            "recommendations": _(
                "Recommendations (final and biennial reports) or next steps (preliminary report)."
            ),
            "methodology_notes": _("Added to the computed methodology and limitations section."),
        }


class RunFilter(django_filters.FilterSet):
    # Every "any" choice is named: no "---------" or "Unknown" in the filters.
    kind = django_filters.ChoiceFilter(
        label=_("Kind of report"), choices=ReportKind.choices, empty_label=_("Every kind")
    )
    funding_round = django_filters.ModelChoiceFilter(
        label=_("Funding round"), queryset=FundingRound.objects.order_by("slug"), empty_label=_("Every round")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportRun.Status.choices, empty_label=_("Any status")
    )
    published = django_filters.ChoiceFilter(
        label=_("Published"),
        choices=[("yes", _("Published")), ("no", _("Not published"))],
        method="filter_published",
        empty_label=_("Published or not"),
    )

    class Meta:
        model = ReportRun
        fields = ["kind", "funding_round", "status", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_published(self, queryset, name, value):
        return queryset.filter(published_at__isnull=value != "yes")
