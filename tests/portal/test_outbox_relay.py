"""Finding 4 of the security audit: an invitation while the broker is down answers normally, and its notice
is sent exactly once by the relay when the broker is back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from grants.models import Invitation
from portal.models import Notice
from portal.notifications import relay_queued_notices
from portal.tasks import send_notice
from tests.factories import MembershipFactory


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


@pytest.mark.django_db(transaction=True)
def test_an_invitation_while_the_broker_is_down_is_sent_once_when_it_is_back(client, monkeypatch):
    owner = MembershipFactory(role="owner")
    client.force_login(owner.user)
    monkeypatch.setattr(send_notice, "apply_async", broker_down)
    response = client.post(
        reverse("grants:member_invite", args=[owner.organization_id]),
        {"email": "colleague@example.org", "role": "member"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="colleague@example.org").count() == 1
    notice = Notice.objects.get(template="invitation")
    assert notice.status == Notice.Status.QUEUED
    assert mail.outbox == []

    assert relay_queued_notices() == 0  # too recent: its own publish may still be on the way
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert relay_queued_notices() == 0  # the broker is still down: the notice stays queued
    monkeypatch.undo()  # the broker is back
    assert relay_queued_notices() == 1
    assert relay_queued_notices() == 0
    send_notice.delay(notice.pk)  # a duplicate message (the relay ran twice, or the broker redelivered)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["colleague@example.org"]
