"""Forms of round set-up: the round's settings (new from a previous round, or changed), opening and closing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import County, FundingRound, ServiceArea
from ..programs.clep.criteria import CRITERIA
from ..services.rounds import SETTINGS

# The round's settings that are plain form fields (the rules have their own fields, one per criterion).
FIELD_SETTINGS = tuple(name for name in SETTINGS if name != "rules")

REQUIRED, GROUP_A, GROUP_B, UNUSED = "required", "a", "b", "unused"
RULE_CHOICES = [
    (REQUIRED, _("Required")),
    (GROUP_A, _("Alternative, group A (any one of the group)")),
    (GROUP_B, _("Alternative, group B (any one of the group)")),
    (UNUSED, _("Not used")),
]
CRITERION_LABELS = {
    "organization_type": _("Public agency or nonprofit (RCW 43.330.545(3)(a))"),
    "public_safety_engagement_experience": _("Experience with community engagement affecting public safety"),
    "community_engagement": _("Community engagement is part of its services"),
    "law_enforcement_partner": _("A committed law-enforcement partner"),
    "dei_partner": _("A partner committed to diversity, equity and inclusion"),
    "measurable_goals": _("Priorities, policies and measurable goals"),
    "service_area": _("Serves the round's eligible counties"),
}


class DateInput(forms.DateInput):
    input_type = "date"


class RoundSettingsForm(forms.Form):
    """Every setting of a round; eligibility rules as one choice per criterion of the statute."""

    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = forms.DateField(label=_("Applications open"), required=False, widget=DateInput)
    closes_on = forms.DateField(label=_("Applications close (last day)"), required=False, widget=DateInput)
    period_start = forms.DateField(label=_("Funding period starts"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("Funding period ends"), required=False, widget=DateInput)
    is_statewide = forms.BooleanField(label=_("Any Washington county (statewide)"), required=False)
    service_areas = forms.ModelMultipleChoiceField(
        label=_("Listed service areas"),
        queryset=ServiceArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    counties = forms.ModelMultipleChoiceField(
        label=_("Other eligible counties"),
        queryset=County.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Counties eligible on their own, besides those of the listed areas. Ignored when statewide."
        ),
    )
    award_cap = forms.IntegerField(label=_("Maximum number of awards"), required=False, min_value=0)
    min_awards = forms.IntegerField(label=_("Minimum number of awards"), required=False, min_value=0)
    budget = forms.DecimalField(label=_("Budget (dollars)"), min_value=0, max_digits=14, decimal_places=2)
    report_due_days = forms.IntegerField(
        label=_("Days after a quarter ends that its report is due"), min_value=1, max_value=120
    )
    reminder_days_before = forms.IntegerField(
        label=_("Days before a due date to send a reminder"), min_value=0, max_value=60
    )
    # Not required by the form, so a preview needs none; saving without one is refused by the service.
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Kept in the round's history with your name. Required to save."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in CRITERIA:
            self.fields[f"rule_{code}"] = forms.ChoiceField(
                label=CRITERION_LABELS[code], choices=RULE_CHOICES, initial=REQUIRED
            )

    def rule_fields(self):
        return [self[f"rule_{code}"] for code in CRITERIA]

    # Fields a subclass renders on its own, outside the settings fieldset.
    own_fields = ("reason",)

    def setting_fields(self):
        return [
            self[name] for name in self.fields if not name.startswith("rule_") and name not in self.own_fields
        ]

    def rules(self):
        """The rules configuration the choices describe (grants.eligibility.RoundRules.from_config)."""
        required, groups = [], {GROUP_A: [], GROUP_B: []}
        for code in CRITERIA:
            choice = self.cleaned_data.get(f"rule_{code}", REQUIRED)
            if choice == REQUIRED:
                required.append(code)
            elif choice in groups:
                groups[choice].append(code)
        return {"required": required, "any_of": [g for g in groups.values() if g]}

    def settings(self):
        data = self.cleaned_data
        values = {name: data[name] for name in FIELD_SETTINGS}
        values["rules"] = self.rules()
        return values

    def proposed_county_fips(self):
        if self.cleaned_data["is_statewide"]:
            return set(County.objects.values_list("fips", flat=True))
        fips = {c.fips for area in self.cleaned_data["service_areas"] for c in area.counties.all()}
        return fips | {c.fips for c in self.cleaned_data["counties"]}

    @staticmethod
    def initial_from(funding_round):
        """The form's initial values from a round (its own settings, or a previous round's)."""
        area_fips = {c.fips for area in funding_round.service_areas.all() for c in area.counties.all()}
        rules = funding_round.rules or {}
        required = set(rules.get("required", CRITERIA))
        groups = [set(g) for g in rules.get("any_of", [])]
        initial = {name: getattr(funding_round, name) for name in FIELD_SETTINGS}
        initial["service_areas"] = list(funding_round.service_areas.all())
        initial["counties"] = [c for c in funding_round.eligible_counties.all() if c.fips not in area_fips]
        if funding_round.is_statewide:
            initial["counties"] = []
        for code in CRITERIA:
            if code in required:
                choice = REQUIRED
            elif groups and code in groups[0]:
                choice = GROUP_A
            elif len(groups) > 1 and code in groups[1]:
                choice = GROUP_B
            else:
                choice = UNUSED
            initial[f"rule_{code}"] = choice
        return initial


class NewRoundForm(RoundSettingsForm):
    slug = forms.SlugField(
        label=_("Address name"),
        max_length=50,
        help_text=_("Short and unique, used in addresses, e.g. clep-2027."),
    )
    copy_rubric = forms.BooleanField(label=_("Copy the scoring rubric"), required=False, initial=True)
    copy_metrics = forms.BooleanField(label=_("Copy the metric catalog"), required=False, initial=True)

    field_order = ["slug", "name"]
    own_fields = ("reason", "slug", "copy_rubric", "copy_metrics")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "new" or FundingRound.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A round with this address name already exists."))
        return slug


class OpenCloseForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Applications close (last day)"),
        required=False,
        widget=DateInput,
        help_text=_("When opening: leave empty to keep the round's closing date."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
