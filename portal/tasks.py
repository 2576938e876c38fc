"""Celery tasks for cross-cutting work."""

from celery import shared_task

from .notifications import deliver_notice, relay_queued_notices


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice(notice_id):
    """Send one email notice (see portal.notifications)."""
    notice = deliver_notice(notice_id)
    return notice.status


@shared_task(name="portal.relay_notices")
def relay_notices():
    """Beat: re-send notices still queued (the broker was down when they were written, or lost them)."""
    return relay_queued_notices()
