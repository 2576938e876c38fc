"""Staff pages refuse everyone but program managers with MFA; each refusal is a clear page."""

import pytest
from django.urls import reverse

from tests.factories import ProgramManagerFactory, ReviewerFactory, UserFactory, activate_totp

pytestmark = pytest.mark.django_db

# The work queue (/staff/) is open to reviewers too: they see their own assignments there.
STAFF_URLS = ["grants:audit_log"]


@pytest.mark.parametrize("url_name", STAFF_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url_name", STAFF_URLS)
def test_applicant_gets_a_clear_access_denied_page(client, url_name):
    client.force_login(UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "This page is for Commerce program staff only." in response.content.decode()


@pytest.mark.parametrize("url_name", STAFF_URLS)
def test_reviewer_cannot_open_program_manager_pages(client, url_name):
    reviewer = ReviewerFactory()
    activate_totp(reviewer)
    client.force_login(reviewer)
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", STAFF_URLS)
def test_staff_without_mfa_is_sent_to_set_up_an_authenticator(client, url_name):
    client.force_login(ProgramManagerFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("must use an authenticator app" in m for m in messages)


@pytest.mark.parametrize("url_name", STAFF_URLS)
def test_staff_with_mfa_reaches_staff_pages(staff_client, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_dashboard_sends_each_role_to_its_work(client, program_manager, reviewer, applicant):
    for user, expected in [
        (program_manager, reverse("grants:staff_home")),
        (applicant, reverse("grants:applicant_home")),
    ]:
        client.force_login(user)
        assert client.get(reverse("grants:dashboard")).url == expected
    client.force_login(reviewer)
    assert client.get(reverse("grants:dashboard")).status_code in (200, 302)


def test_unknown_page_is_a_clear_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
