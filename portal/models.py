"""Cross-cutting records: the outbox of email notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One email the portal sends, kept so staff can see what was sent to whom and when.

    ``dedupe_key`` makes a notice idempotent: a reminder run twice, or on two workers, finds the
    key taken and sends nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    email = models.EmailField(_("email address"))
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email notice")
        verbose_name_plural = _("email notices")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.template} → {self.email} ({self.status})"
