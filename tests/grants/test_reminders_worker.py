"""Reminders sent by a real beat schedule and two worker processes: every reminder exactly once."""

import time
from datetime import timedelta

import pytest
from django.db.models import Count

from grants.selectors.quarterly import today
from grants.tasks import send_due_reminders
from portal.models import Notice
from tests.factories import MembershipFactory, UserFactory
from tests.worker import ROOT, celery_process, skip_unless_real_services, wait_for

from .quarterly_fixtures import grantee_award, submitted_report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_and_two_worker_processes_send_each_reminder_exactly_once(
    transactional_db, tmp_path, monkeypatch
):
    skip_unless_real_services()
    # Award A: all eight quarters of the 2021 pilot overdue, two members → 16 overdue reminders.
    late, _periods, owner = grantee_award()
    MembershipFactory(user=UserFactory(), organization=late.organization, role="member")
    # Award B: everything sent except one quarter due in three days → 1 due-soon reminder.
    _award, periods, member = grantee_award()
    for period in periods[:-1]:
        submitted_report(period, member)
    periods[-1].due_on = today() + timedelta(days=3)
    periods[-1].save()
    expected = 2 * 8 + 1

    monkeypatch.setenv("REMINDER_INTERVAL_SECONDS", "1")
    schedule = tmp_path / "celerybeat-schedule"
    with (
        celery_process("worker", "--pool", "prefork", "--concurrency", "2", "--without-heartbeat") as worker,
        celery_process("beat", "--schedule", str(schedule), "--max-interval", "1"),
    ):
        # Besides the beat, several runs at once so both processes race for the same reminders.
        for _ in range(4):
            send_due_reminders.delay()
        wait_for(lambda: Notice.objects.filter(status=Notice.Status.SENT).count() >= expected, timeout=90)
        beat_log = ROOT / ".celery-beat-test.log"
        wait_for(lambda: beat_log.read_text().count("grants.tasks.send_due_reminders") >= 4, timeout=30)
        time.sleep(3)  # a few more beats, each finding nothing left to send
        assert worker.poll() is None

    assert beat_log.read_text().count("Sending due task") >= 4
    notices = Notice.objects.filter(template__in=["quarterly_due", "quarterly_overdue"])
    assert notices.count() == expected
    assert notices.filter(template="quarterly_due").get().recipient == member
    assert notices.filter(template="quarterly_overdue", recipient=owner).count() == 8
    duplicates = (
        notices.values("template", "recipient", "context__period_id").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    # Every reminder was emailed, once: the console email backend printed one message per notice.
    assert notices.filter(status=Notice.Status.SENT).count() == expected
    worker_log = (ROOT / ".celery-worker-test.log").read_text()
    assert worker_log.count("Subject: ") == expected
