"""The open data API: public fields only, accepted values only, filters, stable pages, ETag/304, CORS, throttle."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from grants.models import QuarterlyReport
from grants.services.quarterly import accept_quarterly_report
from opendata.cache import data_version
from tests.factories import ProgramManagerFactory
from tests.reporting.builders import award_with_reports, seed_metrics

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, (response.json() if response.status_code == 200 else None)


def test_awards_list_names_organization_counties_amount_and_status(client, grantees):
    response, data = get(client, "/api/v1/awards/?round=clep-2021")
    assert response.status_code == 200
    assert data["count"] == 2
    by_org = {a["organization"]["name"]: a for a in data["results"]}
    tri = by_org["Tri-Cities Bridges"]
    assert [c["name"] for c in tri["counties"]] == ["Benton", "Franklin"]
    assert tri["amount"] == "101000.00"
    assert tri["status"] == "active"
    assert tri["organization"]["org_id"].startswith("360G-wacommerce-clep-org-")
    assert tri["grant_id"] == "360G-wacommerce-clep-" + tri["contract_number"]


def test_organizations_carry_no_contact_data(client, grantees):
    grantees[0].organization.ubi = "602123456"
    grantees[0].organization.save()
    response, data = get(client, "/api/v1/organizations/")
    body = response.content.decode()
    assert data["count"] == 2
    for organization in grantees[0].organization, grantees[1].organization:
        assert organization.contact_email not in body
        assert organization.contact_name not in body
    assert "contact" not in body and "street" not in body
    yakima = next(o for o in data["results"] if o["name"] == "Yakima Valley Unidos")
    assert yakima["org_id"] == "US-WA-CR-602123456"


def test_quarterly_metrics_publish_accepted_reports_only(client, grantees):
    _first, second, pending = grantees
    _response, data = get(client, f"/api/v1/quarterly-metrics/?award={second.contract_number}&page_size=100")
    assert data["count"] == 7  # the eighth is submitted, not accepted
    assert pending.period.label not in {row["quarter"] for row in data["results"]}
    first_quarter = data["results"][0]
    assert first_quarter["values"]["dialogue_sessions"] == "3.00"
    assert "crime_data_source" not in first_quarter["values"]  # free text is not published


def test_filters_by_round_county_and_quarter(client, grantees):
    _r, data = get(client, "/api/v1/awards/?county=Franklin")
    assert [a["organization"]["name"] for a in data["results"]] == ["Tri-Cities Bridges"]
    _r, data = get(client, "/api/v1/awards/?county=53077")
    assert [a["organization"]["name"] for a in data["results"]] == ["Yakima Valley Unidos"]
    _r, data = get(client, "/api/v1/awards/?round=clep-2027")
    assert data["count"] == 0
    quarter = grantees[0].reporting_periods.order_by("year", "quarter").first().label
    _r, data = get(client, f"/api/v1/quarterly-metrics/?quarter={quarter}&county=yakima")
    assert [(row["quarter"], row["contract_number"]) for row in data["results"]] == [
        (quarter, grantees[0].contract_number)
    ]
    response, _data = get(client, "/api/v1/quarterly-metrics/?quarter=2022-Q5")
    assert response.status_code == 400
    assert "YYYY-Qn" in response.json()["quarter"][0]


def test_pages_are_stable_and_bounded(client, grantees):
    _r, page1 = get(client, "/api/v1/quarterly-metrics/?page_size=5")
    _r, again = get(client, "/api/v1/quarterly-metrics/?page_size=5")
    _r, page2 = get(client, "/api/v1/quarterly-metrics/?page_size=5&page=2")
    assert page1 == again
    ids = [row["id"] for row in page1["results"] + page2["results"]]
    assert len(set(ids)) == 10
    assert page1["count"] == 15 and page1["next"].endswith("page=2&page_size=5")
    response, _data = get(client, "/api/v1/quarterly-metrics/?page=99")
    assert response.status_code == 404


def test_etag_and_last_modified_answer_304_until_accepted_data_changes(client, grantees):
    response, _data = get(client, "/api/v1/figures/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert response["Cache-Control"].startswith("public")
    assert client.get("/api/v1/figures/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/api/v1/figures/", headers={"if-modified-since": modified}).status_code == 304

    version = data_version()
    accept_quarterly_report(grantees[2], by=ProgramManagerFactory())
    assert data_version() != version
    changed = client.get("/api/v1/figures/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["completeness"] == response.json()["completeness"]
    assert Decimal(changed.json()["totals"]["expended"]) > Decimal(response.json()["totals"]["expended"])


def test_a_draft_saved_does_not_invalidate_the_cache(grantees):
    version = data_version()
    draft = grantees[2]
    draft.status = QuarterlyReport.Status.DRAFT
    draft.save()
    assert data_version() == version


def test_cors_allows_any_origin_to_read_the_api_and_nothing_else(client, grantees):
    response = client.get("/api/v1/awards/", headers={"origin": "https://data.wa.gov"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/awards/",
        headers={"origin": "https://data.wa.gov", "access-control-request-method": "GET"},
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert (
        client.get("/data.json", headers={"origin": "https://x.example"})["Access-Control-Allow-Origin"]
        == "*"
    )
    assert "Access-Control-Allow-Origin" not in client.get(
        "/dashboard/", headers={"origin": "https://x.example"}
    )


def test_the_api_is_read_only(client, grantees):
    assert client.post("/api/v1/awards/", {}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/v1/awards/{grantees[0].pk}/").status_code == 405


def test_rate_limit_answers_429_per_address(settings, grantees):
    settings.OPEN_DATA_RATE_LIMIT = "3/minute"
    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get("/api/v1/rounds/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/rounds/").status_code == 200


def test_reports_list_published_runs_only(client, grantees):
    from reporting.models import ReportRun

    ReportRun.objects.create(kind="final", funding_round=grantees[0].funding_round, status="succeeded")
    _r, data = get(client, "/api/v1/reports/")
    assert data["count"] == 0


def test_data_catalog_is_dcat_us(client, grantees):
    response = client.get("/data.json")
    catalog = response.json()
    assert catalog["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert response["ETag"]
    for dataset in catalog["dataset"]:
        for field in (
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "identifier",
        ):
            assert dataset[field], field
        assert dataset["accessLevel"] == "public"
        assert dataset["distribution"]
    urls = [
        d.get("downloadURL") or d.get("accessURL") for ds in catalog["dataset"] for d in ds["distribution"]
    ]
    assert "http://testserver/api/v1/360giving.json?round=clep-2021" in urls
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_openapi_document_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/rounds/",
        "/api/v1/awards/",
        "/api/v1/organizations/",
        "/api/v1/quarterly-metrics/",
        "/api/v1/figures/",
        "/api/v1/reports/",
        "/api/v1/360giving.json",
    ):
        assert "get" in schema["paths"][path], path
    assert client.get("/api/v1/docs/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/rounds/",
        "/api/v1/awards/",
        "/api/v1/organizations/",
        "/api/v1/quarterly-metrics/",
        "/api/v1/metric-definitions/",
        "/api/v1/reports/",
        "/api/v1/figures/",
        "/api/v1/360giving.json?round=clep-2021",
        "/dashboard/",
    ],
)
def test_lists_read_in_a_constant_number_of_queries(client, pilot, url):
    metrics = seed_metrics(pilot)
    award_with_reports(pilot, metrics, 0, quarters=2)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(1, 6):
        award_with_reports(pilot, metrics, index, quarters=2, counties=["King", "Pierce"])
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) == 0


def test_a_nul_character_in_a_query_is_refused_not_a_server_error(client, grantees):
    assert client.get("/api/v1/360giving.json?round=%00").status_code == 400
    assert client.get("/api/v1/figures/?round=a%00b").status_code == 400
    assert client.get("/api/v1/awards/?round=%00").status_code == 400
    assert client.get("/api/v1/rounds/a%00b/").status_code == 404
