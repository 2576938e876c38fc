"""A task sent through Redis to a real Celery worker process, which writes its result to PostgreSQL."""

import pytest

from portal.models import Notice
from portal.notifications import notify
from tests.factories import UserFactory
from tests.worker import skip_unless_real_services, wait_for, worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_email_notice_is_sent_by_a_real_worker_and_recorded_in_the_database():
    skip_unless_real_services()
    user = UserFactory(preferred_language="es")

    with worker():
        notice = notify(
            template="invitation",
            email=user.email,
            recipient=user,
            context={
                "organization": "Yakima Valley Unidos",
                "invited_by": "María",
                "token": "abc",
                "role": "member",
            },
        )
        sent = wait_for(lambda: Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENT).first())

    assert sent.sent_at is not None
    # Rendered in the recipient's language by the worker.
    assert "Yakima Valley Unidos" in sent.subject
    assert sent.subject != "You are invited to join Yakima Valley Unidos on the CLEP Portal"
