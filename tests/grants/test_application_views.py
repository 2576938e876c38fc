"""The applicant's pages: self-check, start, steps with autosave, attachments, review, submit, withdraw."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Application, Partner
from tests.factories import (
    ApplicationFactory,
    DraftApplicationFactory,
    MembershipFactory,
    UserFactory,
    county,
    funding_round,
)

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

SELF_CHECK = {
    "funding_round": "",
    "organization_type": "nonprofit",
    "counties": ["53077"],
    "experience": "yes",
    "community_engagement": "yes",
    "law_enforcement_partner": "yes",
    "dei_partner": "yes",
    "measurable_goals": "yes",
}


def self_check(client, **changes):
    data = {**SELF_CHECK, "funding_round": funding_round("clep-2021").pk, **changes}
    return client.get(reverse("grants:self_check"), data).content.decode()


def test_self_check_needs_no_login_and_says_likely_eligible(client):
    assert client.get(reverse("grants:self_check")).status_code == 200
    assert "Likely eligible" in self_check(client)


def test_self_check_explains_each_failed_criterion(client):
    page = self_check(client, organization_type="for_profit", dei_partner="no", counties=["53001"])
    assert "Not eligible as things stand" in page
    assert "A for-profit business cannot receive a CLEP grant." in page
    assert "diversity, equity and inclusion" in page
    assert "outside this round" in page


def test_self_check_explains_the_law_enforcement_rule(client):
    page = self_check(client, organization_type="law_enforcement", law_enforcement_partner="no")
    assert "the law-enforcement rule applies to you" in page


def test_start_application_from_home(client, open_round):
    membership = MembershipFactory()
    membership.organization.counties.set([county("Yakima"), county("Adams")])
    client.force_login(membership.user)
    assert b"Start an application" in client.get(reverse("grants:applicant_home")).content
    response = client.post(
        reverse("grants:application_start"),
        {"organization": membership.organization_id, "funding_round": open_round.pk},
    )
    application = Application.objects.get(organization=membership.organization)
    assert response.url == reverse("grants:application_step", args=[application.pk, "project"])
    assert [c.name for c in application.counties.all()] == ["Yakima"]
    home = client.get(reverse("grants:applicant_home")).content.decode()
    assert application.reference in home and "Draft" in home


def test_another_organizations_member_gets_404_everywhere(client):
    draft = DraftApplicationFactory()
    submitted = ApplicationFactory()
    client.force_login(UserFactory())
    for name, args in [
        ("application_detail", [draft.pk]),
        ("application_step", [draft.pk, "project"]),
        ("application_withdraw", [submitted.pk]),
    ]:
        assert client.get(reverse(f"grants:{name}", args=args)).status_code == 404, name
    assert client.post(reverse("grants:application_submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("grants:application_autosave", args=[draft.pk, "project"])).status_code == 404


def test_steps_save_and_autosave_keep_the_draft(client, open_round):
    membership = MembershipFactory()
    application = DraftApplicationFactory(organization=membership.organization, funding_round=open_round)
    client.force_login(membership.user)
    url = reverse("grants:application_step", args=[application.pk, "project"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"project_title": "Safe Streets Together", "action": "next"})
    assert response.url == reverse("grants:application_step", args=[application.pk, "engagement"])

    response = client.post(
        reverse("grants:application_autosave", args=[application.pk, "engagement"]),
        {"community_engagement": "Weekly porch talks"},
    )
    assert "Saved at" in response.content.decode()
    application.refresh_from_db()
    assert application.project_title == "Safe Streets Together"
    assert application.community_engagement == "Weekly porch talks"


def test_partner_autosave_gives_new_rows_their_id_so_nothing_is_duplicated(client, open_round):
    membership = MembershipFactory()
    application = DraftApplicationFactory(organization=membership.organization, funding_round=open_round)
    client.force_login(membership.user)
    url = reverse("grants:application_autosave", args=[application.pk, "partners"])
    data = {
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-name": "Yakima Police Department",
        "partners-0-partner_type": "law_enforcement",
        "partners-0-commitment": "established",
    }
    content = client.post(url, data).content.decode()
    partner = Partner.objects.get(application=application)
    assert f'value="{partner.pk}"' in content and 'hx-swap-oob="true"' in content
    client.post(
        url,
        {**data, "partners-INITIAL_FORMS": "1", "partners-0-id": partner.pk, "partners-0-name": "Yakima PD"},
    )
    assert list(application.partners.values_list("name", flat=True)) == ["Yakima PD"]


def test_a_refused_letter_keeps_the_rest_of_the_form(client, open_round):
    membership = MembershipFactory()
    application = DraftApplicationFactory(organization=membership.organization, funding_round=open_round)
    client.force_login(membership.user)
    response = client.post(
        reverse("grants:application_step", args=[application.pk, "partners"]),
        {
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "0",
            "partners-0-name": "Kept Partner Name",
            "partners-0-partner_type": "dei",
            "partners-0-commitment": "planned",
            "partners-0-commitment_letter": SimpleUploadedFile("letter.pdf", b"not really a pdf"),
            "action": "next",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "not accepted" in content and 'value="Kept Partner Name"' in content
    assert not application.partners.exists()


def test_attachment_upload_download_and_soft_removal(client, open_round):
    membership = MembershipFactory()
    application = DraftApplicationFactory(organization=membership.organization, funding_round=open_round)
    client.force_login(membership.user)
    url = reverse("grants:application_step", args=[application.pk, "attachments"])
    client.post(url, {"file": SimpleUploadedFile("budget.pdf", PDF_BYTES), "description": "Budget"})
    attachment = application.attachments.get()
    download = client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES

    refused = client.post(url, {"file": SimpleUploadedFile("evil.pdf", b"MZ..."), "description": "Kept text"})
    assert "not accepted" in refused.content.decode() and 'value="Kept text"' in refused.content.decode()

    client.force_login(UserFactory())
    assert client.get(reverse("grants:attachment_download", args=[attachment.pk])).status_code == 404
    client.force_login(membership.user)
    client.post(reverse("grants:attachment_remove", args=[application.pk, attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert client.get(reverse("grants:attachment_download", args=[attachment.pk])).status_code == 404


def test_submit_incomplete_points_at_the_steps_then_submit_and_withdraw(client, open_round):
    membership = MembershipFactory()
    application = DraftApplicationFactory(
        organization=membership.organization, funding_round=open_round, project_title="", budget_narrative=""
    )
    client.force_login(membership.user)
    response = client.post(reverse("grants:application_submit", args=[application.pk]), follow=True)
    content = response.content.decode()
    assert "Give the project a title." in content
    assert reverse("grants:application_step", args=[application.pk, "project"]) in content

    from .test_application_services import complete

    complete(application)
    response = client.post(reverse("grants:application_submit", args=[application.pk]))
    assert response.url == reverse("grants:application_detail", args=[application.pk])
    status_page = client.get(response.url).content.decode()
    assert "Submitted" in status_page and "Withdraw the application" in status_page
    assert client.get(reverse("grants:application_step", args=[application.pk, "project"])).status_code == 302

    withdraw_url = reverse("grants:application_withdraw", args=[application.pk])
    assert client.post(withdraw_url, {"reason": ""}).status_code == 200
    assert Application.objects.get(pk=application.pk).status == "submitted"
    client.post(withdraw_url, {"reason": "Funding found elsewhere."})
    application.refresh_from_db()
    assert application.is_withdrawn and application.withdrawal_reason == "Funding found elsewhere."


def test_anonymous_people_are_sent_to_sign_in_and_staff_are_not_members(client, staff_client):
    draft = DraftApplicationFactory()
    urls = [
        reverse("grants:application_start"),
        reverse("grants:application_detail", args=[draft.pk]),
        reverse("grants:application_step", args=[draft.pk, "project"]),
        reverse("grants:application_withdraw", args=[draft.pk]),
    ]
    staff_client.logout()
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    from tests.factories import ProgramManagerFactory

    staff_client.force_login(ProgramManagerFactory())
    for url in urls[1:]:
        assert staff_client.get(url).status_code == 404, url


def test_a_submitted_application_cannot_be_changed_by_crafted_posts(client):
    membership = MembershipFactory()
    application = ApplicationFactory(organization=membership.organization, project_title="Original")
    client.force_login(membership.user)
    response = client.post(
        reverse("grants:application_autosave", args=[application.pk, "project"]), {"project_title": "Changed"}
    )
    assert "submitted" in response.content.decode()
    client.post(
        reverse("grants:application_step", args=[application.pk, "project"]), {"project_title": "Changed"}
    )
    application.refresh_from_db()
    assert application.project_title == "Original"
    assert (
        client.get(reverse("grants:application_step", args=[application.pk, "nonsense"])).status_code == 404
    )


def test_applicant_home_lists_applications_in_constant_queries(client, django_assert_max_num_queries):
    membership = MembershipFactory()
    client.force_login(membership.user)
    ApplicationFactory(organization=membership.organization)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("grants:applicant_home"))
    ApplicationFactory(organization=membership.organization, funding_round=funding_round("clep-2023"))
    for _ in range(5):
        other = MembershipFactory(user=membership.user)
        ApplicationFactory(organization=other.organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(reverse("grants:applicant_home")).content.decode()
    assert content.count("/my/applications/") >= 7
