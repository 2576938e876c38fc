"""Celery tasks of the reports: thin wrappers around reporting.services, taking ids."""

from celery import shared_task
from celery.signals import worker_init
from django.conf import settings

# Load matplotlib and WeasyPrint when the worker starts rather than during its first report.
from . import charts, render, services  # noqa: F401
from .analysis import preload_statistics_library


@worker_init.connect
def preload_statistics(**kwargs):
    """statsmodels costs ~1.4 s on first import: pay it when a worker starts (not in web processes, which
    import this module too), before the pool forks, so every child has it."""
    preload_statistics_library()


@shared_task(
    bind=True,
    acks_late=True,
    name="reporting.generate_report",
    time_limit=settings.JOB_TIME_LIMIT_SECONDS,
    soft_time_limit=settings.JOB_TIME_LIMIT_SECONDS - 30,
)
def generate_report(self, run_id):
    """Generate one run's PDF and data tables. Safe to deliver twice: only the run's current message works."""
    run = services.generate(run_id, task_id=self.request.id)
    return run.status


@shared_task(name="reporting.recover_runs")
def recover_runs():
    """Beat: re-queue runs whose worker died, publish runs the broker never got (see services.recover_runs)."""
    return services.recover_runs()
