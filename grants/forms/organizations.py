"""Forms for organization profiles and invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Organization
from ..ubi import normalize_ubi


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # Typed with spaces or hyphens as often as not (602 123 456); stored as the nine digits.
    ubi = forms.CharField(
        label=_("Unified Business Identifier (UBI)"),
        max_length=20,
        required=False,
        help_text=_(
            "Optional. The nine-digit number the Washington Business Licensing Service gave the "
            "organization, e.g. 602 123 456. Open data names your organization by it."
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "legal_name",
            "org_type",
            "street_address",
            "city",
            "postal_code",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "ubi",
        ]
        help_texts = {
            "legal_name": _("As registered with the Secretary of State or in your charter."),
            "org_type": _("A for-profit business cannot receive a CLEP grant."),
        }

    def clean_ubi(self):
        # Stored as nine digits whatever separators were typed; the model's validator explains a bad one.
        return normalize_ubi(self.cleaned_data.get("ubi", ""))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Owners can invite and remove members; members can work on applications and reports."),
    )
