"""Celery tasks of the reports: thin wrappers around reporting.services, taking ids."""

from celery import shared_task

# Load matplotlib and WeasyPrint when the worker starts rather than during its first report.
from . import charts, render, services  # noqa: F401


@shared_task(acks_late=True, name="reporting.generate_report")
def generate_report(run_id):
    """Generate one run's PDF and data tables. Safe to deliver twice: a succeeded run is left alone."""
    run = services.generate(run_id)
    return run.status
