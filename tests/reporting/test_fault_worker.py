"""Fault tests with real processes (marked ``worker``; run by .ci/run with PostgreSQL and Redis).

1. kill -9 of the whole worker (parent and child) in the middle of a report, then a new worker: the beat's
   recovery re-queues the run and it succeeds once, with one set of files.
2. The broker (a Redis this test starts on its own port) is stopped: Generate and an invitation answer
   normally; when the broker is back the relay publishes both, the run completes and the notice is sent once.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from kombu import pools

from clep_portal.celery import app
from grants.models import Invitation
from portal.models import Notice
from reporting.models import ReportArtifact, ReportRun
from reporting.services import request_report
from reporting.tasks import generate_report
from tests.factories import MembershipFactory, ProgramManagerFactory, funding_round
from tests.reporting.builders import award_with_reports, seed_metrics
from tests.worker import ROOT, celery_process, skip_unless_real_services, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FAST_RECOVERY = {
    "JOB_HEARTBEAT_SECONDS": "0.5",
    "JOB_STALE_AFTER_SECONDS": "3",
    "JOB_REDISPATCH_AFTER_SECONDS": "2",
    "JOB_RELAY_INTERVAL_SECONDS": "1",
}
BROKER_PORT = 6390


@pytest.fixture
def fast_recovery(monkeypatch, settings, tmp_path):
    """Worker and beat processes (and this one) with recovery in seconds rather than minutes."""
    for name, value in FAST_RECOVERY.items():
        monkeypatch.setenv(name, value)
        setattr(settings, name, float(value))
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def kill_whole_worker(process):
    """SIGKILL the worker's main process and its pool children: nothing gets to clean up."""
    pids = [process.pid, *children(process.pid)]
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    process.wait(timeout=10)


def beat(tmp_path):
    return celery_process("beat", "--schedule", str(tmp_path / "celerybeat-schedule"), "--max-interval", "1")


def prefork_worker():
    return celery_process("worker", "--pool", "prefork", "--concurrency", "1", "--without-heartbeat")


def report_world(grantees):
    pilot = funding_round()
    metrics = seed_metrics(pilot)
    for index in range(grantees):
        award_with_reports(pilot, metrics, index)
    return pilot


def test_kill_9_of_the_whole_worker_mid_report_then_a_new_worker_succeeds_once(
    transactional_db, fast_recovery
):
    skip_unless_real_services()
    pilot = report_world(2)
    manager = ProgramManagerFactory()
    started = time.monotonic()
    with prefork_worker() as first:
        run = request_report("final", pilot, {}, by=manager)
        wait_for(
            lambda: ReportRun.objects.filter(
                pk=run.pk, status=ReportRun.Status.RUNNING, progress__gte=35
            ).exists(),
            timeout=60,
            interval=0.05,
        )
        kill_whole_worker(first)
    killed = ReportRun.objects.get(pk=run.pk)
    assert killed.status == ReportRun.Status.RUNNING and killed.attempts == 1
    old_task_id = killed.task_id

    with prefork_worker(), beat(fast_recovery):
        finished = wait_for(
            lambda: ReportRun.objects.filter(
                pk=run.pk, status__in=[ReportRun.Status.SUCCEEDED, ReportRun.Status.FAILED]
            ).first(),
            timeout=90,
        )
        assert finished.status == ReportRun.Status.SUCCEEDED, finished.error
        assert finished.attempts == 2 and finished.task_id != old_task_id
        # The dead worker's message, when the broker hands it out again, changes nothing.
        generate_report.apply_async((run.pk,), task_id=old_task_id)
        time.sleep(2)

    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED and run.finished_at == finished.finished_at
    assert ReportArtifact.objects.filter(run=run).count() == 5  # PDF, preview, data, es and tl summaries
    stored = sorted(p.name for p in (fast_recovery / "reports" / str(run.pk)).iterdir())
    assert len(stored) == 5, stored  # one set of files, nothing left over from the killed attempt
    assert time.monotonic() - started < 90


@pytest.fixture
def own_broker(monkeypatch, tmp_path):
    """A Redis of this test's own on BROKER_PORT as the broker of this process, the worker and beat."""
    url = f"redis://127.0.0.1:{BROKER_PORT}/0"

    def start():
        subprocess.run(
            ["redis-server", "--port", str(BROKER_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "yes", "--dir", str(tmp_path), "--logfile", ""],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(BROKER_PORT), "ping"], capture_output=True).returncode:
            assert time.monotonic() < deadline, "the test's Redis did not start"
            time.sleep(0.1)

    def stop():
        subprocess.run(["redis-cli", "-p", str(BROKER_PORT), "shutdown", "nosave"], capture_output=True)
        deadline = time.monotonic() + 10
        while not subprocess.run(
            ["redis-cli", "-p", str(BROKER_PORT), "ping"], capture_output=True
        ).returncode:
            assert time.monotonic() < deadline, "the test's Redis did not stop"
            time.sleep(0.1)

    def use(broker_url):
        app.conf.broker_url = broker_url
        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer pools per connection in a process-wide registry; the closed pool would be
        # handed to the next test that publishes (eager tasks acquire a producer too).
        pools.reset()

    previous = app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    start()
    use(url)
    yield start, stop
    stop()
    use(previous)


def test_broker_down_generate_and_invite_answer_normally_then_done_once(
    transactional_db, fast_recovery, own_broker, staff_client
):
    skip_unless_real_services()
    start_broker, stop_broker = own_broker
    report_world(1)
    owner = MembershipFactory(role="owner")
    client = Client()
    client.force_login(owner.user)
    stop_broker()

    began = time.monotonic()
    response = staff_client.post(
        reverse("reporting:staff_generate"), {"kind": "final", "funding_round": "clep-2021"}
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert "will start shortly" in staff_client.get(response["Location"]).content.decode()
    response = client.post(
        reverse("grants:member_invite", args=[owner.organization_id]),
        {"email": "colleague@example.org", "role": "member"},
    )
    assert response.status_code == 302
    assert time.monotonic() - began < 15  # the broker's absence costs seconds, not a hung request
    assert run.status == ReportRun.Status.QUEUED
    notice = Notice.objects.get(template="invitation")
    assert notice.status == Notice.Status.QUEUED

    start_broker()
    with prefork_worker(), beat(fast_recovery):
        wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.SUCCEEDED).exists(),
            timeout=60,
        )
        wait_for(lambda: Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENT).exists(), timeout=30)
        time.sleep(2)  # the relay keeps running: nothing more may happen

    run.refresh_from_db()
    assert run.attempts == 1
    assert ReportArtifact.objects.filter(run=run).count() == 5  # PDF, preview, data, es and tl summaries
    assert Invitation.objects.filter(email="colleague@example.org").count() == 1
    assert Notice.objects.filter(template="invitation").count() == 1
    log = (ROOT / ".celery-worker-test.log").read_text()
    assert log.count("To: colleague@example.org") == 1
