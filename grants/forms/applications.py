"""Forms of the application steps, the self-check, withdrawal and staff overrides."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import Application, County, FundingRound, Goal, Organization, Partner
from ..uploads import UploadRefused, check_upload

# The shared metric codes a goal can be tracked with in quarterly reports (HELPERS.md / issue 5).
METRIC_CODES = [
    ("", _("None of these")),
    ("dialogue_sessions", _("Dialogue sessions")),
    ("community_participants", _("Community participants")),
    ("officers_participating", _("Officers participating")),
    ("youth_activities", _("Youth activities")),
    ("youth_participants", _("Youth participants")),
    ("businesses_engaged", _("Businesses engaged")),
    ("business_safety_trainings", _("Business safety trainings")),
    ("education_sessions", _("Education sessions")),
    ("education_participants", _("Education participants")),
    ("deescalation_trainings", _("De-escalation trainings")),
    ("cultural_awareness_trainings", _("Cultural awareness trainings")),
    ("leadership_trainings", _("Leadership trainings")),
    ("conflict_management_trainings", _("Conflict management trainings")),
    ("coalition_building_trainings", _("Coalition building trainings")),
    ("training_participants", _("Training participants")),
    ("community_members_recognized", _("Community members recognized")),
    ("officers_recognized", _("Officers recognized")),
    ("concerns_documented", _("Concerns documented")),
    ("concerns_resolved", _("Concerns resolved")),
    ("survey_respondents", _("Survey respondents")),
    ("survey_trust_percent", _("Survey: percent who trust law enforcement")),
    ("reported_crimes", _("Reported crimes")),
]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def checked_file(uploaded):
    """Form-level check of an upload; the service checks again."""
    if uploaded and hasattr(uploaded, "content_type"):
        try:
            checked = check_upload(uploaded)
        except UploadRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        uploaded.name = checked.name  # stored under a name whose extension is the detected type
    return uploaded


class StartApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Organization"))
    funding_round = forms.ModelChoiceField(queryset=FundingRound.objects.none(), label=_("Funding round"))

    def __init__(self, *args, organizations, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["funding_round"].queryset = rounds


class ProjectStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "project_title",
            "project_summary",
            "public_safety_engagement_experience",
            "engagement_examples",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in fields[1:]}
        help_texts = {
            "project_summary": _(
                "In a few sentences: what you will do, with whom, and for which neighborhoods."
            ),
            "public_safety_engagement_experience": _(
                "Required. Tell us about community engagement you led that affected public safety: for example "
                "listening sessions between residents and officers, youth programs with a police partner, or a "
                "neighborhood safety council."
            ),
            "engagement_examples": _(
                "Dates, places, how many people took part, and what changed because of it."
            ),
        }


class EngagementStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["community_engagement"]
        widgets = {"community_engagement": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "community_engagement": _(
                "Required. How community engagement is part of the services you give every day: outreach "
                "workers, community meetings, advisory boards, door-to-door work."
            )
        }


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "partner_type", "commitment", "role_description", "commitment_letter"]
        widgets = {
            "role_description": forms.Textarea(attrs={"rows": 2}),
            "commitment_letter": forms.FileInput,
        }
        help_texts = {
            "commitment_letter": _("Optional. PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, up to 10 MB.")
        }

    def clean_commitment_letter(self):
        return checked_file(self.cleaned_data.get("commitment_letter"))


PartnerFormSet = inlineformset_factory(
    Application, Partner, form=PartnerForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class GoalsStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["priorities_and_policies"]
        widgets = {"priorities_and_policies": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "priorities_and_policies": _(
                "Your priorities and the policies that guide the partnership's work."
            )
        }


class GoalForm(forms.ModelForm):
    metric_code = forms.ChoiceField(label=_("Portal metric"), choices=METRIC_CODES, required=False)

    class Meta:
        model = Goal
        fields = ["description", "metric", "metric_code", "target", "timeframe"]
        help_texts = {
            "metric": _("For example: number of dialogue sessions held."),
            "target": _("A number, for example 12."),
            "timeframe": _("For example: each year, or by September 2023."),
        }


GoalFormSet = inlineformset_factory(
    Application, Goal, form=GoalForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class AreaStepForm(forms.ModelForm):
    counties = forms.ModelMultipleChoiceField(
        queryset=County.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Counties you serve"),
        help_text=_("Only the counties eligible in this round are listed."),
    )
    communities = forms.CharField(
        label=_("Communities you serve"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cities, towns, tribal communities or neighborhoods, one per line."),
    )

    class Meta:
        model = Application
        fields = ["counties", "communities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counties"].queryset = self.instance.funding_round.eligible_counties.order_by("name")
        if not self.is_bound:
            self.initial["communities"] = "\n".join(self.instance.communities or [])
            self.initial["counties"] = list(self.instance.counties.all())

    def clean_communities(self):
        text = self.cleaned_data.get("communities", "")
        items = [" ".join(part.split()) for line in text.splitlines() for part in line.split(";")]
        return list(dict.fromkeys(item for item in items if item))


class BudgetStepForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["requested_amount", "budget_narrative"]
        widgets = {"budget_narrative": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "requested_amount": _("In US dollars, for the whole grant period."),
            "budget_narrative": _("What the money pays for: staff, meetings, trainings, materials."),
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG, up to 10 MB.")
    )
    description = forms.CharField(label=_("What is this file?"), max_length=200, required=False)

    def clean_file(self):
        return checked_file(self.cleaned_data.get("file"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the application?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. Commerce keeps this with the application."),
    )


class OverrideForm(forms.Form):
    is_eligible = forms.TypedChoiceField(
        label=_("Staff decision"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SelfCheckForm(forms.Form):
    funding_round = forms.ModelChoiceField(
        queryset=FundingRound.objects.all(), label=_("Funding round"), empty_label=None
    )
    organization_type = forms.ChoiceField(
        label=_("What kind of organization are you?"),
        choices=Organization.Type.choices,
        widget=forms.RadioSelect,
    )
    counties = forms.ModelMultipleChoiceField(
        queryset=County.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which counties do you serve?"),
    )
    experience = forms.ChoiceField(
        label=_("Have you led community engagement that affected public safety?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    community_engagement = forms.ChoiceField(
        label=_("Is community engagement part of the services you give?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    law_enforcement_partner = forms.ChoiceField(
        label=_("Does a law-enforcement agency commit to work with you?"),
        help_text=_("If you are a law-enforcement agency yourself, answer yes."),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    dei_partner = forms.ChoiceField(
        label=_("Does an organization committed to diversity, equity and inclusion commit to work with you?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    measurable_goals = forms.ChoiceField(
        label=_("Do you have priorities, policies and measurable goals for the work?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
