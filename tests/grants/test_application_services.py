"""Applications through their services: start, save, submit with derived flags, withdraw, attachments."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.models import Application, Goal, Partner
from grants.services import ServiceError
from grants.services.applications import (
    ApplicationIncomplete,
    add_attachment,
    override_eligibility,
    remove_attachment,
    save_application_step,
    start_application,
    submit_application,
    withdraw_application,
)
from tests.factories import ApplicationFactory, MembershipFactory, OrganizationFactory, UserFactory, county

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def complete(application):
    application.project_title = "Neighbors and officers at one table"
    application.public_safety_engagement_experience = "Five years of listening sessions with the police."
    application.community_engagement = "Outreach workers in every neighborhood."
    application.requested_amount = 90000
    application.budget_narrative = "Staff time and meeting costs."
    application.save()
    application.counties.set([county("Yakima")])
    Partner.objects.create(application=application, name="Yakima PD", partner_type="law_enforcement")
    Partner.objects.create(application=application, name="Latino Coalition", partner_type="dei")
    Goal.objects.create(
        application=application, description="Dialogues", metric="Sessions", target=12, timeframe="per year"
    )


def test_start_is_one_per_organization_per_round_and_members_only(open_round):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    assert application.is_draft and application.reference == "CLEP21-001"
    with pytest.raises(ServiceError, match="already has an application"):
        start_application(membership.organization, open_round, by=membership.user)
    with pytest.raises(ServiceError, match="Only members"):
        start_application(OrganizationFactory(), open_round, by=membership.user)


def test_a_closed_round_cannot_be_applied_to():
    from tests.factories import funding_round

    membership = MembershipFactory()
    with pytest.raises(ServiceError, match="not open"):
        start_application(membership.organization, funding_round("clep-2021"), by=membership.user)


def test_submit_derives_the_criteria_flags_and_notifies(open_round, django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    complete(application)
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application, by=membership.user)
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_by == membership.user
    assert application.has_law_enforcement_partner and application.has_dei_partner
    assert application.has_measurable_goals and application.has_community_engagement
    assert application.reference in mail.outbox[-1].subject
    with pytest.raises(ServiceError, match="can no longer be changed"):
        save_application_step(application, "project", by=membership.user, fields={"project_title": "x"})


def test_a_law_enforcement_applicant_is_its_own_partner(open_round):
    membership = MembershipFactory(organization=OrganizationFactory(org_type="law_enforcement"))
    application = start_application(membership.organization, open_round, by=membership.user)
    complete(application)
    application.partners.filter(partner_type="law_enforcement").delete()
    submit_application(application, by=membership.user)
    application.refresh_from_db()
    assert application.has_law_enforcement_partner


def test_an_incomplete_application_lists_what_to_fix_by_step(open_round):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    with pytest.raises(ApplicationIncomplete) as error:
        submit_application(application, by=membership.user)
    steps = {step for step, _message in error.value.problems}
    assert {"project", "engagement", "partners", "goals", "area", "budget"} <= steps
    assert Application.objects.get(pk=application.pk).is_draft


def test_save_step_refuses_fields_of_another_step_and_outsiders(open_round):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    save_application_step(application, "project", by=membership.user, fields={"project_title": "Kept"})
    assert Application.objects.get(pk=application.pk).project_title == "Kept"
    with pytest.raises(ServiceError):
        save_application_step(application, "project", by=membership.user, fields={"status": "submitted"})
    with pytest.raises(ServiceError):
        save_application_step(application, "project", by=UserFactory(), fields={"project_title": "x"})


def test_counties_outside_the_round_are_not_saved(open_round):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    save_application_step(
        application, "area", by=membership.user, counties=[county("Yakima"), county("Adams")]
    )
    assert [c.name for c in application.counties.all()] == ["Yakima"]


def test_withdrawal_needs_a_reason_and_is_recorded():
    membership = MembershipFactory()
    application = ApplicationFactory(organization=membership.organization)
    with pytest.raises(ServiceError, match="why"):
        withdraw_application(application, by=membership.user, reason="  ")
    withdraw_application(application, by=membership.user, reason="Our director left.")
    application.refresh_from_db()
    assert application.is_withdrawn and application.withdrawn_by == membership.user
    assert application.withdrawal_reason == "Our director left."
    assert "Our director left." in application.history.first().history_change_reason


def test_only_staff_override_and_a_reason_is_required(program_manager):
    application = ApplicationFactory()
    with pytest.raises(ServiceError):
        override_eligibility(application, is_eligible=False, reason="x", by=UserFactory())
    with pytest.raises(ServiceError, match="reason"):
        override_eligibility(application, is_eligible=False, reason="", by=program_manager)


def test_attachments_are_checked_and_removed_softly(open_round):
    membership = MembershipFactory()
    application = start_application(membership.organization, open_round, by=membership.user)
    attachment = add_attachment(
        application, uploaded_file=SimpleUploadedFile("budget.pdf", PDF_BYTES), by=membership.user
    )
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF_BYTES)
    with pytest.raises(ServiceError, match="not accepted"):
        add_attachment(application, uploaded_file=SimpleUploadedFile("x.pdf", b"hello"), by=membership.user)
    remove_attachment(attachment, by=membership.user)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert application.attachments.count() == 1
