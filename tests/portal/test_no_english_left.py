"""Applicant, grantee and public pages served in Spanish or Tagalog show no interface text left in English.

Every msgid of the catalogue that appears on the English page must be gone from the translated page (data
such as organization names is not in the catalogue, so it is not checked).
"""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from grants.services.applications import STEP_CODES
from grants.services.reporting_periods import ensure_reporting_periods
from tests.factories import ApplicationFactory, AwardFactory, MembershipFactory, funding_round

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def _interface_strings():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po"))
    # Short strings ("Yes", "County") can be words of data or the same in both languages; sentences cannot.
    return {
        e.msgid for e in catalogue if len(e.msgid.split()) >= 3 and "%" not in e.msgid and "<" not in e.msgid
    }


def _text(response):
    body = response.content.decode()
    main = body[body.find("<main") : body.find("</main>")]
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", main)))


@pytest.fixture
def grantee_pages(client):
    membership = MembershipFactory()
    organization = membership.organization
    draft = ApplicationFactory(
        organization=organization, funding_round=funding_round("clep-2023"), status="draft"
    )
    award = AwardFactory(application=ApplicationFactory(organization=organization))
    period = ensure_reporting_periods(award)[0]
    client.force_login(membership.user)
    urls = [
        reverse("grants:self_check"),
        reverse("grants:applicant_home"),
        reverse("grants:organization_detail", args=[organization.pk]),
        reverse("grants:application_detail", args=[award.application.pk]),
        *[reverse("grants:application_step", args=[draft.pk, step]) for step in STEP_CODES],
        reverse("grants:quarterly_home"),
        reverse("grants:quarterly_report", args=[period.pk]),
        reverse("grants:quarterly_progress", args=[award.pk]),
        reverse("reporting:public_reports"),
    ]
    return client, urls


@pytest.mark.parametrize("language", ["es", "tl"])
def test_applicant_and_grantee_pages_show_no_english_left(grantee_pages, language):
    client, urls = grantee_pages
    strings = _interface_strings()
    leftovers = {}
    for url in urls:
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert english.status_code == 200, url
        translated = _text(client.get(url, HTTP_ACCEPT_LANGUAGE=language))
        shown = [s for s in strings if s in _text(english)]
        assert shown, f"no interface sentence found on {url}"
        left = [s for s in shown if s in translated]
        if left:
            leftovers[url] = left[:5]
    assert not leftovers, leftovers
