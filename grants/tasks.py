"""Celery tasks of the grants app: thin wrappers around services."""

from celery import shared_task

from .services import reminders


@shared_task(acks_late=True)
def send_due_reminders():
    """Remind grantees of reports due soon or overdue; each reminder goes out once (see services.reminders)."""
    return reminders.send_due_reminders()
