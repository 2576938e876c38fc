"""360Giving packages validate against the official schema, and every public surface shows the read model's totals."""

import csv
import io
import re
from decimal import Decimal

import pytest

from demo.loader import load_demo
from grants.models import FundingRound, Organization
from grants.selectors.figures import program_figures
from opendata.giving360 import package_for_round, validation_errors

pytestmark = pytest.mark.django_db


def test_package_of_a_small_round_is_valid_360giving(client, grantees):
    grantees[0].organization.ubi = "602123456"
    grantees[0].organization.save()
    response = client.get("/api/v1/360giving.json?round=clep-2021")
    assert response.status_code == 200
    package = response.json()
    assert validation_errors(package) == []
    assert package["version"] == "1.4"
    grant = next(
        g for g in package["grants"] if g["recipientOrganization"][0]["name"] == "Yakima Valley Unidos"
    )
    assert grant["recipientOrganization"][0]["id"] == "US-WA-CR-602123456"
    assert grant["currency"] == "USD"
    assert [loc["geoCode"] for loc in grant["beneficiaryLocation"]] == ["53077"]
    assert grant["fundingOrganization"][0]["name"] == "Washington State Department of Commerce"


def test_validation_catches_a_broken_package(grantees):
    package = package_for_round(grantees[0].funding_round)
    package["grants"][0]["awardDate"] = "1 October 2021"
    del package["grants"][0]["recipientOrganization"][0]["id"]
    errors = validation_errors(package)
    assert any("awardDate" in e for e in errors)
    assert any("recipientOrganization" in e and "'id' is a required property" in e for e in errors)


def test_a_round_without_awards_or_an_unknown_round_is_a_clear_404(client, pilot):
    FundingRound.objects.create(program=pilot.program, slug="clep-2029", name="CLEP 2029")
    response = client.get("/api/v1/360giving.json?round=clep-2029")
    assert response.status_code == 404
    assert response.json()["detail"] == "Round 'clep-2029' has no awards yet."
    assert client.get("/api/v1/360giving.json?round=nope").status_code == 404
    assert client.get("/api/v1/360giving.json").status_code == 400


def _dollars(text):
    return Decimal(re.sub(r"[^\d.]", "", text))


def test_dashboard_api_360giving_and_read_model_agree_on_the_demo(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    pilot = FundingRound.objects.get(slug="clep-2021")
    figures = program_figures([pilot], accepted_only=True)
    assert figures.totals.awarded > 0 and figures.totals.expended > 0

    api = client.get("/api/v1/figures/?round=clep-2021").json()
    assert Decimal(api["totals"]["awarded"]) == figures.totals.awarded
    assert Decimal(api["totals"]["expended"]) == figures.totals.expended
    assert api["completeness"] == figures.completeness
    for code, total in figures.totals.metrics.items():
        assert Decimal(api["totals"]["metrics"][code]) == total
    assert api["accepted_only"] is True

    package = client.get("/api/v1/360giving.json?round=clep-2021").json()
    assert validation_errors(package) == []
    assert sum(Decimal(str(g["amountAwarded"])) for g in package["grants"]) == figures.totals.awarded
    assert len(package["grants"]) == len(figures.awards)

    awards = client.get("/api/v1/awards/?round=clep-2021&page_size=500").json()
    assert sum(Decimal(a["amount"]) for a in awards["results"]) == figures.totals.awarded

    page = client.get("/dashboard/?round=clep-2021").content.decode()
    headline = re.search(r"<dt>Awarded</dt><dd>([^<]+)</dd>", page).group(1)
    spent = re.search(r"<dt>Spent \(paid invoices, else reported\)</dt><dd>([^<]+)", page).group(1)
    assert _dollars(headline) == figures.totals.awarded
    assert _dollars(spent) == figures.totals.spent
    assert f"<dt>Funded organizations</dt><dd>{len({a.organization_id for a in figures.awards})}</dd>" in page

    counties = list(
        csv.DictReader(
            io.StringIO(client.get("/dashboard/data/counties.csv?round=clep-2021").content.decode())
        )
    )
    assert sum(Decimal(row["amount"]) for row in counties) == sum(r.amount for r in figures.coverage)
    grantee_rows = list(
        csv.DictReader(
            io.StringIO(client.get("/dashboard/data/grantees.csv?round=clep-2021").content.decode())
        )
    )
    assert sum(Decimal(row["expended"]) for row in grantee_rows) == figures.totals.expended
    assert sum(Decimal(row["paid"]) for row in grantee_rows) == figures.totals.paid
    assert sum(Decimal(row["spent"]) for row in grantee_rows) == figures.totals.spent

    activities = client.get("/dashboard/data/activities.csv?round=clep-2021").content.decode()
    totals = {}
    for row in csv.DictReader(io.StringIO(activities)):
        totals[row["metric"]] = totals.get(row["metric"], Decimal("0")) + Decimal(row["total"])
    assert totals == {
        code: total for code, total in figures.totals.metrics.items() if total or code in totals
    }

    yakima = Organization.objects.get(legal_name="Yakima Valley Unidos")
    organization_page = client.get(f"/dashboard/organizations/{yakima.pk}/")
    assert organization_page.status_code == 200
    assert "Goals and progress" in organization_page.content.decode()
    assert yakima.contact_email not in organization_page.content.decode()


def test_an_organization_without_an_award_has_no_public_page(client, db):
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    assert client.get(f"/dashboard/organizations/{organization.pk}/").status_code == 404
    assert client.get(f"/dashboard/organizations/{organization.pk}/activities.csv").status_code == 404
