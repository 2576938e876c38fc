"""Celery tasks of the reports: thin wrappers around reporting.services, taking ids."""

from celery import shared_task
from celery.signals import worker_init

# Load matplotlib and WeasyPrint when the worker starts rather than during its first report.
from . import charts, render, services  # noqa: F401
from .analysis import preload_statistics_library


@worker_init.connect
def preload_statistics(**kwargs):
    """statsmodels costs ~1.4 s on first import: pay it when a worker starts (not in web processes, which
    import this module too), before the pool forks, so every child has it."""
    preload_statistics_library()


@shared_task(acks_late=True, name="reporting.generate_report")
def generate_report(run_id):
    """Generate one run's PDF and data tables. Safe to deliver twice: a succeeded run is left alone."""
    run = services.generate(run_id)
    return run.status
