"""Handing work to the broker (Celery over Redis) so that a broker outage never loses it or answers 500.

The row that describes the work (a queued ``Notice``, a queued ``ReportRun``) is the outbox: it is written in
the request's transaction, the task is published after commit, and a broker error is logged, not raised. The
relay beat tasks (``portal.relay_notices``, ``reporting.recover_runs``) publish again whatever is still queued,
and the tasks themselves are idempotent, so the work is done exactly once when the broker is back.
"""

import logging

from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.txt
    RedisError = OSError

BROKER_ERRORS = (KombuError, RedisError, ConnectionError, OSError, TimeoutError)


def publish(task, args=(), *, task_id=None):
    """Send ``task`` to the broker now. True when the broker took it; False (logged) when it is unreachable."""
    try:
        task.apply_async(args, task_id=task_id)
    except BROKER_ERRORS as exc:
        logger.warning("Broker unavailable, %s%r stays queued for the relay: %s", task.name, tuple(args), exc)
        return False
    return True


def publish_on_commit(task, args=(), *, task_id=None):
    """Publish once the current transaction commits (never a task for a row that was rolled back)."""
    transaction.on_commit(lambda: publish(task, args, task_id=task_id))
