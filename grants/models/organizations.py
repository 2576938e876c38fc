"""Applicant organizations and the people who act for them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..ubi import validate_ubi
from .counties import County

INVITATION_LIFETIME = timedelta(days=14)


class Organization(models.Model):
    """An applicant or grantee, kept once and reused by each of its applications."""

    class Type(models.TextChoices):
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        NONPROFIT = "nonprofit", _("Nonprofit organization")
        LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement agency")
        FOR_PROFIT = "for_profit", _("For-profit business")

    legal_name = models.CharField(_("legal name"), max_length=200, unique=True)
    org_type = models.CharField(_("type of organization"), max_length=20, choices=Type.choices)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    ubi = models.CharField(
        _("Unified Business Identifier (UBI)"),
        max_length=9,
        blank=True,
        validators=[validate_ubi],
        help_text=_("The nine-digit number the Washington Business Licensing Service gave the organization."),
    )
    counties = models.ManyToManyField(
        County, related_name="organizations", blank=True, verbose_name=_("counties served")
    )
    communities = models.JSONField(_("communities served"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[counties])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ubi"],
                condition=~Q(ubi=""),
                name="one_organization_per_ubi",
                violation_error_message=_("Another organization's profile already has this UBI."),
            )
        ]

    def __str__(self):
        return self.legal_name

    @property
    def is_law_enforcement(self):
        return self.org_type == self.Type.LAW_ENFORCEMENT


class Membership(models.Model):
    """A person's place in an organization: owners manage members, every member can work on applications."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_person")
        ]
        ordering = ["organization__legal_name", "user__email"]

    def __str__(self):
        return f"{self.user} – {self.organization} ({self.role})"

    @property
    def is_owner(self):
        return self.role == self.Role.OWNER


def _new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An owner's invitation, by email, for a colleague to join the organization with a login of their own."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_LIFETIME

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
