"""The public self-check: errors when an answer is missing, the round's counties listed, the failed county
named, and no "public agency or nonprofit" line for a law-enforcement agency."""

import pytest
from django.urls import reverse

from tests.factories import county, funding_round

pytestmark = pytest.mark.django_db

ANSWERS = {
    "experience": "yes",
    "community_engagement": "yes",
    "law_enforcement_partner": "yes",
    "dei_partner": "yes",
    "measurable_goals": "yes",
}


def _check(client, **answers):
    pilot = funding_round("clep-2021")
    data = {"funding_round": pilot.pk, **ANSWERS, **answers}
    return client.get(reverse("grants:self_check"), data).content.decode()


def test_a_missing_organization_type_shows_an_error(client):
    html = _check(client, counties=[county("Yakima").fips])
    assert 'role="alert"' in html and "1 question needs an answer" in html
    assert "This field is required." in html


def test_the_round_counties_are_listed_and_the_failed_county_named(client):
    html = _check(
        client, organization_type="nonprofit", counties=[county("Yakima").fips, county("Adams").fips]
    )
    assert "Counties eligible in CLEP 2021 pilot:" in html and "Walla Walla" in html
    assert "Not eligible in this round: Adams." in html


def test_an_agency_is_not_told_it_is_a_public_agency_or_nonprofit(client):
    html = _check(client, organization_type="law_enforcement", counties=[county("Yakima").fips])
    assert "public agency or a nonprofit organization" not in html
    assert "Possibly eligible: the law-enforcement rule applies to you" in html


def test_the_first_visit_shows_no_error(client):
    html = client.get(reverse("grants:self_check")).content.decode()
    assert "needs an answer" not in html and 'role="alert"' not in html.split("<main")[-1].split("</main>")[0]
