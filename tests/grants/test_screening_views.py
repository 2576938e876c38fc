"""Staff screening: only program managers; counts, filters, overrides, detail, CSV; constant queries."""

import csv
import io

import pytest
from django.urls import reverse

from grants.models import EligibilityOverride
from tests.factories import (
    ApplicationFactory,
    DraftApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    ReviewerFactory,
    UserFactory,
    activate_totp,
)

pytestmark = pytest.mark.django_db


def staff_urls(application):
    return [
        reverse("grants:staff_rounds"),
        reverse("grants:round_dashboard", args=["clep-2021"]),
        reverse("grants:screening_list", args=["clep-2021"]),
        reverse("grants:screening_export", args=["clep-2021"]),
        reverse("grants:staff_application_detail", args=[application.pk]),
    ]


def test_staff_pages_refuse_anonymous_applicants_and_reviewers(client):
    membership = MembershipFactory()
    application = ApplicationFactory(organization=membership.organization)
    reviewer = ReviewerFactory()
    activate_totp(reviewer)
    for url in staff_urls(application):
        assert client.get(url).status_code == 302, url
    for user in (membership.user, reviewer):
        client.force_login(user)
        for url in staff_urls(application):
            assert client.get(url).status_code == 403, url
        response = client.post(
            reverse("grants:eligibility_override", args=[application.pk]),
            {"is_eligible": "no", "reason": "x"},
        )
        assert response.status_code == 403
    assert not EligibilityOverride.objects.exists()


def test_staff_pages_open_for_program_managers(staff_client):
    application = ApplicationFactory()
    for url in staff_urls(application):
        assert staff_client.get(url).status_code == 200, url


def test_dashboard_counts_by_status_outcome_and_county(staff_client):
    ApplicationFactory(counties=["Yakima"])
    ApplicationFactory(counties=["Yakima"], organization=OrganizationFactory(org_type="law_enforcement"))
    ApplicationFactory(counties=["King"], status="withdrawn")
    DraftApplicationFactory()
    response = staff_client.get(reverse("grants:round_dashboard", args=["clep-2021"]))
    context = response.context
    assert context["status_counts"]["submitted"] == 2
    assert context["status_counts"]["draft"] == 1
    assert context["outcome_counts"]["eligible"] == 1
    assert context["outcome_counts"]["blocked"] == 1
    yakima = next(row for row in context["by_county"] if row["name"] == "Yakima")
    assert yakima == {"name": "Yakima", "fips": "53077", "applications": 2, "eligible": 1}


def test_list_filters_and_shows_the_blocking_application(staff_client):
    nonprofit = ApplicationFactory(counties=["Yakima"], organization=OrganizationFactory(legal_name="Unidos"))
    sheriff = ApplicationFactory(
        counties=["Yakima"], organization=OrganizationFactory(org_type="law_enforcement")
    )
    ApplicationFactory(counties=["King"])
    DraftApplicationFactory(reference="HIDDEN-DRAFT")
    url = reverse("grants:screening_list", args=["clep-2021"])
    content = staff_client.get(url).content.decode()
    assert "HIDDEN-DRAFT" not in content
    assert reverse("grants:staff_application_detail", args=[nonprofit.pk]) in content

    blocked = staff_client.get(url, {"outcome": "blocked"}).context["rows"]
    assert [row["application"] for row in blocked] == [sheriff]
    assert staff_client.get(url, {"county": "53033"}).context["page"].paginator.count == 1
    assert (
        staff_client.get(url, {"organization_type": "law_enforcement"}).context["page"].paginator.count == 1
    )
    assert staff_client.get(url, {"q": "unidos"}).context["page"].paginator.count == 1


def test_the_list_query_count_does_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    url = reverse("grants:screening_list", args=["clep-2021"])
    for _ in range(3):
        ApplicationFactory(counties=["Yakima", "King"])
    with django_assert_max_num_queries(40) as few:
        staff_client.get(url)
    for _ in range(20):
        ApplicationFactory(counties=["Yakima", "King"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_override_replaces_the_previous_one_and_unblocks_the_sheriff(staff_client, program_manager):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    sheriff = ApplicationFactory(
        counties=["Yakima"], organization=OrganizationFactory(org_type="law_enforcement")
    )
    url = reverse("grants:eligibility_override", args=[nonprofit.pk])
    list_url = reverse("grants:screening_list", args=["clep-2021"])
    response = staff_client.post(url, {"is_eligible": "no", "reason": "", "next": list_url})
    assert response.url == list_url and not EligibilityOverride.objects.exists()
    staff_client.post(
        url, {"is_eligible": "no", "reason": "No DEI partner.", "next": "https://evil.example/"}
    )
    staff_client.post(url, {"is_eligible": "no", "reason": "Confirmed after a call.", "next": list_url})
    assert nonprofit.eligibility_overrides.filter(is_active=True).get().reason == "Confirmed after a call."
    assert nonprofit.eligibility_overrides.count() == 2
    eligible = staff_client.get(list_url, {"outcome": "eligible"}).context["rows"]
    assert [row["application"] for row in eligible] == [sheriff]
    detail = staff_client.get(
        reverse("grants:staff_application_detail", args=[nonprofit.pk])
    ).content.decode()
    assert "Confirmed after a call." in detail and "No DEI partner." in detail


def test_csv_export_follows_the_filters(staff_client):
    ApplicationFactory(reference="A-1", counties=["Yakima"])
    ApplicationFactory(reference="A-2", counties=["King"])
    response = staff_client.get(reverse("grants:screening_export", args=["clep-2021"]), {"county": "53077"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # streamed
    assert [row["reference"] for row in rows] == ["A-1"]
    assert rows[0]["eligible"] == "yes" and rows[0]["counties"] == "Yakima"


def test_staff_download_attachments_but_outsiders_cannot(staff_client):
    from django.core.files.base import ContentFile

    from grants.models import Attachment

    from .conftest import PDF_BYTES

    application = ApplicationFactory()
    attachment = Attachment(
        application=application,
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=UserFactory(),
    )
    attachment.file.save("plan.pdf", ContentFile(PDF_BYTES))
    assert staff_client.get(reverse("grants:attachment_download", args=[attachment.pk])).status_code == 200
    staff_client.logout()
    # Anonymous visitors are sent to sign in before the file is even looked up (nothing is confirmed).
    response = staff_client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    staff_client.force_login(UserFactory())
    assert staff_client.get(reverse("grants:attachment_download", args=[attachment.pk])).status_code == 404
