"""Celery tasks for cross-cutting work."""

from celery import shared_task

from .notifications import deliver_notice


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notice(notice_id):
    """Send one email notice (see portal.notifications)."""
    notice = deliver_notice(notice_id)
    return notice.status
