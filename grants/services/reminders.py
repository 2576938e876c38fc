"""Reminders about quarterly reports: a few days before the due date, and once a report is overdue.

Each reminder is a Notice whose dedupe_key names the period, the kind of reminder and the person, so the
database's unique index lets exactly one run send it, however often and on however many workers it runs.
"""

from datetime import timedelta

from django.db.models import Q

from portal.notifications import notify

from ..models import Award, Membership, QuarterlyReport, ReportingPeriod
from ..selectors.quarterly import today

DUE, OVERDUE = "quarterly_due", "quarterly_overdue"
NOT_SENT = Q(report__isnull=True) | Q(report__status=QuarterlyReport.Status.DRAFT)


def periods_needing_reminders(on):
    """(kind, period) for every active period of an active award whose report has not been sent."""
    periods = (
        ReportingPeriod.objects.filter(NOT_SENT, is_active=True, award__status=Award.Status.ACTIVE)
        .select_related("award__organization", "award__funding_round")
        .order_by("pk")
    )
    for period in periods:
        reminder_from = period.due_on - timedelta(days=period.award.funding_round.reminder_days_before)
        if reminder_from <= on <= period.due_on:
            yield DUE, period
        elif on > period.due_on:
            yield OVERDUE, period


def send_due_reminders(on=None):
    """Email every member of each organization that owes a report. Returns how many notices were queued."""
    on = on or today()
    members = {}
    queued = 0
    for kind, period in periods_needing_reminders(on):
        award = period.award
        if award.organization_id not in members:
            members[award.organization_id] = list(
                Membership.objects.filter(
                    organization_id=award.organization_id, is_active=True
                ).select_related("user")
            )
        for membership in members[award.organization_id]:
            user = membership.user
            notice = notify(
                template=kind,
                email=user.email,
                recipient=user,
                context={
                    "organization": award.organization.legal_name,
                    "contract_number": award.contract_number,
                    "quarter": period.label,
                    "due_on": period.due_on.isoformat(),
                    "period_id": period.pk,
                },
                dedupe_key=f"{kind}:{period.pk}:{user.pk}",
            )
            queued += notice is not None
    return queued
