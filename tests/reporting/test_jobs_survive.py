"""Findings 3 and 4 of the security audit: jobs survive a dead worker or broker, and are done exactly once.

(The same, with a real worker killed by SIGKILL and a real Redis stopped, is in test_fault_worker.py.)
"""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from clep_portal.celery import app
from reporting.models import ReportArtifact, ReportRun
from reporting.services import create_run, generate, recover_runs
from reporting.tasks import generate_report


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


def age(run, seconds):
    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=seconds))


def test_the_visibility_timeout_is_longer_than_the_longest_job():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert generate_report.time_limit == settings.JOB_TIME_LIMIT_SECONDS
    assert visibility > generate_report.time_limit
    assert settings.JOB_STALE_AFTER_SECONDS + settings.JOB_RELAY_INTERVAL_SECONDS <= 5 * 60  # within minutes
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"portal.relay_notices", "reporting.recover_runs"} <= schedule


@pytest.mark.django_db(transaction=True)
def test_generate_while_the_broker_is_down_answers_queued_then_runs_once(
    staff_client, report_data, fast_render, monkeypatch
):
    monkeypatch.setattr(generate_report, "apply_async", broker_down)
    response = staff_client.post(
        reverse("reporting:staff_generate"), {"kind": "final", "funding_round": "clep-2021"}
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:staff_run", args=[run.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "will start shortly" in page
    assert run.status == ReportRun.Status.QUEUED

    assert recover_runs() == {"requeued": 0, "failed": 0, "published": 0}  # not yet due, broker still down
    age(run, settings.JOB_REDISPATCH_AFTER_SECONDS + 1)
    assert recover_runs()["published"] == 0  # the broker is still down: nothing lost, still queued
    monkeypatch.undo()  # the broker is back
    assert recover_runs()["published"] == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.attempts == 1
    age(run, 3600)
    assert recover_runs() == {"requeued": 0, "failed": 0, "published": 0}
    assert generate_report.apply_async((run.pk,), task_id=run.task_id).get() == "succeeded"
    assert ReportArtifact.objects.filter(run=run).count() == 5  # PDF, preview, data, es and tl summaries


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_requeued_and_the_old_message_does_nothing(
    report_data, fast_render, django_capture_on_commit_callbacks
):
    run = create_run("final", report_data["round"], {})
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, progress=60, attempts=1)
    age(run, settings.JOB_STALE_AFTER_SECONDS - 10)
    assert recover_runs()["requeued"] == 0  # its heartbeat is recent: the worker is alive
    age(run, settings.JOB_STALE_AFTER_SECONDS + 1)
    old_task_id = run.task_id
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_runs()["requeued"] == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.task_id != old_task_id and run.attempts == 2
    # The dead worker's message, redelivered by the broker after its visibility timeout: nothing happens.
    generate(run.pk, task_id=old_task_id)
    assert ReportArtifact.objects.filter(run=run).count() == 5  # PDF, preview, data, es and tl summaries


@pytest.mark.django_db
def test_a_run_whose_worker_keeps_dying_fails_with_a_readable_reason(report_data):
    run = create_run("final", report_data["round"], {})
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS
    )
    age(run, settings.JOB_STALE_AFTER_SECONDS + 1)
    assert recover_runs()["failed"] == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "stopped 3 times" in run.error and "Generate it again" in run.error


@pytest.mark.django_db
def test_a_duplicate_message_while_the_run_works_does_nothing(report_data, fast_render):
    run = create_run("final", report_data["round"], {})
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)
    assert generate(run.pk, task_id=run.task_id).status == ReportRun.Status.RUNNING
    assert generate(run.pk, task_id=str(uuid.uuid4())).status == ReportRun.Status.RUNNING
    assert not ReportArtifact.objects.filter(run=run).exists()


@pytest.mark.django_db
def test_runs_left_running_or_queued_from_before_heartbeats_are_recovered(
    report_data, fast_render, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(hours=2)
    running = create_run("final", report_data["round"], {})
    queued = create_run("final", report_data["round"], {})
    ReportRun.objects.filter(pk=running.pk).update(
        status=ReportRun.Status.RUNNING, heartbeat_at=None, started_at=long_ago
    )
    ReportRun.objects.filter(pk=queued.pk).update(heartbeat_at=None, created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_runs() == {"requeued": 1, "failed": 0, "published": 1}
    assert set(ReportRun.objects.values_list("status", flat=True)) == {ReportRun.Status.SUCCEEDED}
