"""Forms of quarterly reporting: the grantee's report, uploads, staff review, the metric catalog, board filters."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Metric, QuarterlyReport, ReportingPeriod
from ..programs import program_definition
from ..quarterly_rules import format_value
from ..selectors import quarterly as selectors

LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("tl", _("Tagalog"))]
NARRATIVE_HELP = {
    "highlights": _("What went well this quarter: events, partnerships, stories worth telling. Required."),
    "challenges": _("What got in the way, and what you did about it."),
    "progress_on_goals": _("How the quarter moved you towards the measurable goals of your application."),
    "next_quarter_plans": _("What you plan for the next quarter."),
}


def field_name(metric):
    return f"m_{metric.code}"


class QuarterlyReportForm(forms.Form):
    """Every metric of the round (as typed text: the rules in grants.quarterly_rules judge it) and the narratives."""

    def __init__(self, *args, metrics, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        stored = selectors.values_of(report)
        for metric in metrics:
            attrs = {"autocomplete": "off"}
            if metric.kind != Metric.Kind.TEXT:
                attrs["inputmode"] = "decimal" if metric.kind != Metric.Kind.COUNT else "numeric"
            label = metric.label_text
            if metric.is_required:
                label = f"{label} " + str(_("(required)"))
            self.fields[field_name(metric)] = forms.CharField(
                label=label,
                help_text=metric.help_text_text,
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs=attrs),
                initial=format_value(metric, selectors.stored_value(stored.get(metric.code))),
            )
        model_fields = {f.name: f for f in QuarterlyReport._meta.fields}
        for name in selectors.NARRATIVES:
            self.fields[name] = forms.CharField(
                label=model_fields[name].verbose_name.capitalize(),
                help_text=NARRATIVE_HELP[name],
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=getattr(report, name, ""),
            )

    def raw_values(self):
        """{code: text typed} for the metrics present in the submitted data."""
        data = self.data
        return {m.code: data.get(field_name(m), "") for m in self.metrics if field_name(m) in data}

    def narratives(self):
        return {name: self.data.get(name, "") for name in selectors.NARRATIVES}

    def add_rule_errors(self, errors):
        for code, message in errors.items():
            name = code if code in selectors.NARRATIVES else f"m_{code}"
            if name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, message)

    def grouped(self):
        """[(category code, category label, [bound fields])] in catalog order, for the template."""
        from django.utils import translation

        language = (translation.get_language() or "en")[:2]
        groups = []
        for category, metrics in selectors.metrics_by_category(self.metrics):
            label = program_definition().category_label(category, language)
            groups.append((category, label, [self[field_name(m)] for m in metrics]))
        return groups


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in CSV template"),
        help_text=_("The template downloaded for this quarter, with the value column filled in."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What must the grantee change?"),
        help_text=_("Required. The grantee receives these comments by email and sees them on the report."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class MetricForm(forms.ModelForm):
    """A metric's texts in three languages, whether it is required, its range and order.

    Code and kind are fixed once created: stored values depend on them.
    """

    class Meta:
        model = Metric
        fields = ["category", "is_required", "min_value", "max_value", "order"]
        labels = {"min_value": _("Smallest value allowed"), "max_value": _("Largest value allowed")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = forms.ChoiceField(
            label=_("Category"),
            choices=[(code, texts["en"]) for code, texts in program_definition().categories.items()],
        )
        for code, language in LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Label (%(language)s)") % {"language": language},
                required=code == "en",
                max_length=200,
                initial=self.instance.label.get(code, "") if self.instance.pk else "",
            )
            self.fields[f"help_{code}"] = forms.CharField(
                label=_("Help text (%(language)s)") % {"language": language},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=self.instance.help_text.get(code, "") if self.instance.pk else "",
            )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("The largest value must not be below the smallest."))
        return cleaned

    def save(self, commit=True):
        metric = super().save(commit=False)
        metric.label = {
            code: self.cleaned_data[f"label_{code}"]
            for code, _l in LANGUAGES
            if self.cleaned_data[f"label_{code}"]
        }
        metric.help_text = {
            code: self.cleaned_data[f"help_{code}"]
            for code, _l in LANGUAGES
            if self.cleaned_data[f"help_{code}"]
        }
        if commit:
            metric.save()
        return metric


class MetricCreateForm(MetricForm):
    class Meta(MetricForm.Meta):
        fields = ["code", "kind", *MetricForm.Meta.fields]
        help_texts = {"code": _("Lowercase letters, digits and underscores; it cannot change later.")}

    def __init__(self, *args, funding_round, **kwargs):
        self.funding_round = funding_round
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Metric.objects.filter(funding_round=self.funding_round, code=code).exists():
            raise forms.ValidationError(_("This round already has a metric with that code."))
        return code


STATE_CHOICES = [
    ("due", _("Due")),
    ("missing", _("Missing")),
    ("submitted", _("Submitted")),
    ("returned", _("Returned")),
    ("accepted", _("Accepted")),
]


class SubmissionFilter(django_filters.FilterSet):
    """Filters of the submissions board (a round's reporting periods)."""

    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"), method="filter_quarter", choices=[], empty_label=_("All quarters")
    )
    state = django_filters.ChoiceFilter(label=_("Status"), choices=STATE_CHOICES, empty_label=_("Any"))
    late = django_filters.ChoiceFilter(
        label=_("Timeliness"),
        method="filter_late",
        choices=[("yes", _("Sent late")), ("no", _("Sent on time"))],
        empty_label=_("Any"),
    )
    grantee = django_filters.CharFilter(
        label=_("Grantee or contract"),
        method="filter_grantee",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = ReportingPeriod
        fields = []

    def __init__(self, *args, quarters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["quarter"].extra["choices"] = [(q, q) for q in quarters]

    def filter_quarter(self, queryset, name, value):
        year, quarter = value.split("-Q")
        return queryset.filter(year=int(year), quarter=int(quarter))

    def filter_late(self, queryset, name, value):
        """Late or on time as the read model of figures decides it (first submission; imports on time)."""
        from ..selectors import figures

        wanted = figures.LATE if value == "yes" else figures.ON_TIME
        states = figures.quarter_states(queryset)
        return queryset.filter(pk__in=[pk for pk, state in states.items() if state == wanted])

    def filter_grantee(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(award__organization__legal_name__icontains=value) | Q(award__contract_number__icontains=value)
        )
