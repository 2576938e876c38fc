"""Email notices in the recipient's language, sent through Celery.

Every feature that tells someone something calls :func:`notify`. The subject and body come from
``templates/notices/<template>/subject.txt`` and ``body.txt``, rendered in the recipient's
preferred language when the task runs.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .jobs import publish, publish_on_commit
from .models import Notice


def notify(*, template, email, context=None, recipient=None, language=None, dedupe_key=None):
    """Queue one notice and send it after the current transaction commits.

    Returns the Notice, or None when ``dedupe_key`` was already used (the notice was sent before).
    ``context`` must be JSON-serializable: tasks get ids and plain values, never objects.
    """
    language = language or getattr(recipient, "preferred_language", None) or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                recipient=recipient,
                email=email,
                template=template,
                context=context or {},
                language=language,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Notice.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    from .tasks import send_notice

    # The notice row is the outbox: if the broker is down now, the relay sends it once it is back.
    publish_on_commit(send_notice, (notice.pk,))
    return notice


def render_notice(notice):
    """The subject and body of a notice, in its language."""
    context = {
        **notice.context,
        "site_url": settings.SITE_URL,
        "program_email": settings.PROGRAM_CONTACT_EMAIL,
    }
    with translation.override(notice.language):
        subject = render_to_string(f"notices/{notice.template}/subject.txt", context).strip()
        body = render_to_string(f"notices/{notice.template}/body.txt", context)
    return " ".join(subject.split()), body


def relay_queued_notices(*, older_than=None, limit=500):
    """Publish again every notice still queued after ``older_than`` (its first publish may have been lost).

    Safe however often it runs: ``deliver_notice`` sends a notice once, whatever number of messages ask.
    Returns how many were handed to the broker; stops at the first broker error.
    """
    from .tasks import send_notice

    older_than = (
        older_than if older_than is not None else timedelta(seconds=settings.JOB_REDISPATCH_AFTER_SECONDS)
    )
    cutoff = timezone.now() - older_than
    pending = Notice.objects.filter(status=Notice.Status.QUEUED, created_at__lte=cutoff).order_by("pk")
    sent = 0
    for notice_id in pending.values_list("pk", flat=True)[:limit]:
        if not publish(send_notice, (notice_id,)):
            break
        sent += 1
    return sent


def deliver_notice(notice_id):
    """Send a queued notice once. Safe to call twice: a sent notice is left alone."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.status == Notice.Status.SENT:
            return notice
        try:
            subject, body = render_notice(notice)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.email])
        except Exception as exc:
            notice.status = Notice.Status.FAILED
            notice.error = f"{type(exc).__name__}: {exc}"
            notice.save(update_fields=["status", "error"])
            raise
        notice.subject = subject
        notice.status = Notice.Status.SENT
        notice.sent_at = timezone.now()
        notice.error = ""
        notice.save(update_fields=["subject", "status", "sent_at", "error"])
    return notice
