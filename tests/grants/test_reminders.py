"""Reminders before a report is due and once it is overdue: each sent exactly once."""

from datetime import date, timedelta

import pytest
from django.core import mail

from grants.services.reminders import send_due_reminders
from grants.tasks import send_due_reminders as reminder_task
from portal.models import Notice
from tests.factories import MembershipFactory, UserFactory

from .quarterly_fixtures import grantee_award, submitted_report

pytestmark = pytest.mark.django_db


def test_reminders_go_to_every_member_a_week_before_and_once_overdue(django_capture_on_commit_callbacks):
    award, periods, member = grantee_award(language="tl")
    colleague = UserFactory()
    MembershipFactory(user=colleague, organization=award.organization, role="member")
    first, second = periods[0], periods[1]  # 2021-Q4 due 2022-01-30, 2022-Q1 due 2022-04-30
    submitted_report(first, member)

    assert send_due_reminders(on=first.due_on - timedelta(days=8)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        queued = send_due_reminders(on=second.due_on - timedelta(days=7))
    assert queued == 2
    assert {n.template for n in Notice.objects.all()} == {"quarterly_due"}
    assert {n.language for n in Notice.objects.filter(recipient=member)} == {"tl"}
    assert len(mail.outbox) == 2 and "2022-Q1" in mail.outbox[0].subject

    # Every later run in the window sends nothing new; overdue is its own reminder, also once.
    assert send_due_reminders(on=second.due_on) == 0
    assert send_due_reminders(on=second.due_on + timedelta(days=1)) == 2
    assert send_due_reminders(on=second.due_on + timedelta(days=30)) == 0
    assert Notice.objects.filter(template="quarterly_overdue").count() == 2


def test_no_reminder_for_sent_reports_or_inactive_awards():
    _award, periods, member = grantee_award()
    for period in periods:
        submitted_report(period, member)
    closed, _periods, _member = grantee_award()
    closed.status = "closed"
    closed.save()
    assert send_due_reminders(on=date(2024, 1, 1)) == 0


def test_the_task_runs_the_service_and_is_safe_to_repeat():
    _award, periods, _member = grantee_award()
    assert reminder_task.delay().get() == len(periods)  # every quarter of the 2021 pilot is long overdue
    assert reminder_task.delay().get() == 0
