"""Forms for organization profiles and invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Organization


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

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
        ]
        help_texts = {
            "legal_name": _("As registered with the Secretary of State or in your charter."),
            "org_type": _("A for-profit business cannot receive a CLEP grant."),
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_("Owners can invite and remove members; members can work on applications and reports."),
    )
