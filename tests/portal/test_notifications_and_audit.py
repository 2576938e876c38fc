"""Email notices in the recipient's language, sent once; the audit log shows who changed what."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notice
from portal.notifications import notify
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _invitation_context():
    return {"organization": "Pierce Partners", "invited_by": "Ana", "token": "t0k3n", "role": "member"}


def test_notice_is_sent_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(
            template="invitation", email=user.email, recipient=user, context=_invitation_context()
        )
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert mail.outbox[0].to == [user.email]
    assert "Pierce Partners" in mail.outbox[0].subject


def test_notice_with_a_used_dedupe_key_is_not_sent_again(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            template="invitation", email=user.email, context=_invitation_context(), dedupe_key="k-1"
        )
        second = notify(
            template="invitation", email=user.email, context=_invitation_context(), dedupe_key="k-1"
        )
    assert first is not None and second is None
    assert len(mail.outbox) == 1


def test_notice_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    english = UserFactory(preferred_language="en")
    spanish = UserFactory(preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        notify(template="invitation", email=english.email, recipient=english, context=_invitation_context())
        notify(template="invitation", email=spanish.email, recipient=spanish, context=_invitation_context())
    assert mail.outbox[0].subject != mail.outbox[1].subject


def test_audit_log_lists_changes_with_the_person_who_made_them(staff_client, program_manager):
    membership = MembershipFactory()
    organization = membership.organization
    organization.city = "Tacoma"
    organization._change_reason = "Moved office"
    organization._history_user = program_manager
    organization.save()

    response = staff_client.get(reverse("grants:audit_log"), {"q": "Moved office"})

    content = response.content.decode()
    assert "Moved office" in content
    assert program_manager.email in content or str(program_manager) in content


def test_production_settings_pass_the_deployment_check():
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "a-very-long-random-production-secret-key-for-the-check",
        "ALLOWED_HOSTS": "clep.commerce.wa.gov",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_load_demo_data():
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "x",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite:////tmp/clep-never-used.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "never loaded when DJANGO_ENV=production" in result.stderr
