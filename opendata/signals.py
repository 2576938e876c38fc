"""Bump the public data version when anything the dashboard, the API or the 360Giving file shows changes.

Kept to cache bookkeeping: no business rule lives here. Signals rather than calls in each service, because awards,
reports and organizations are also written by imports, the demo loader and the admin.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from grants.models import Award, FundingRound, Metric, Organization, QuarterlyReport
from reporting.models import ReportArtifact, ReportRun

from .cache import bump_version

ACCEPTED = QuarterlyReport.Status.ACCEPTED


def _bump(sender, **kwargs):
    bump_version()


def _remember_report_status(sender, instance, **kwargs):
    if instance.pk is None:
        instance._opendata_was_accepted = False
        return
    previous = QuarterlyReport.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._opendata_was_accepted = previous == ACCEPTED


def _report_saved(sender, instance, **kwargs):
    # Only accepted data is public: a draft saved as the grantee types changes nothing anyone else sees.
    if instance.status == ACCEPTED or getattr(instance, "_opendata_was_accepted", False):
        bump_version()


def connect():
    for model in (Award, FundingRound, Metric, Organization, ReportRun, ReportArtifact):
        post_save.connect(_bump, sender=model, dispatch_uid=f"opendata-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"opendata-delete-{model.__name__}")
    for through in (
        Award.counties.through,
        Organization.counties.through,
        FundingRound.eligible_counties.through,
    ):
        m2m_changed.connect(_bump, sender=through, dispatch_uid=f"opendata-m2m-{through.__name__}")
    pre_save.connect(_remember_report_status, sender=QuarterlyReport, dispatch_uid="opendata-report-status")
    post_save.connect(_report_saved, sender=QuarterlyReport, dispatch_uid="opendata-report-saved")
    post_delete.connect(_bump, sender=QuarterlyReport, dispatch_uid="opendata-report-deleted")
