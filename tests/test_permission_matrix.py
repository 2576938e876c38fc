"""The permission matrix, generated from the URL configuration: every URL, every role, GET and POST.

Each URL name of the portal's own apps has an entry in ``EXPECTED`` naming who may use it; ``KINDS`` says
what each role then gets. A new URL without an entry fails ``test_every_url_has_an_expected_outcome``, so
whoever adds a page also says who may open it. The objects are real (factories) and shared by every
request; each request runs in a savepoint that is rolled back, so a POST cannot change what the next one sees.

Outcomes: ``ok`` (the permission layer let the request through to the view: any answer but a sign-in or MFA
redirect, 403 or 404), ``login`` (sent to sign in), ``mfa`` (staff sent to set up an authenticator),
``forbidden`` (403 page with the reason), ``hidden`` (404: another organization's record is not confirmed).
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from grants.models import Attachment, InvoiceAttachment, Metric, ReviewAssignment
from grants.services.reporting_periods import ensure_reporting_periods
from reporting.models import ReportArtifact, ReportRun
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    FiscalOfficerFactory,
    GoalFactory,
    InvitationFactory,
    InvoiceFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnerFactory,
    ProgramManagerFactory,
    QuarterlyReportFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    UserFactory,
    activate_totp,
    funding_round,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "other_applicant",
    "member",
    "owner",
    "reviewer",
    "recused_reviewer",
    "program_manager",
    "staff_without_mfa",
    "fiscal",
)

# Who gets what, per kind of URL. Commerce staff without MFA are sent to set it up wherever the map lets
# them in; where it does not, they are refused like anyone else.
KINDS = {
    "public": dict.fromkeys(ROLES, "ok"),
    "signed_in": {**dict.fromkeys(ROLES, "ok"), "anonymous": "login", "staff_without_mfa": "mfa"},
    "member": {
        **dict.fromkeys(ROLES, "hidden"),
        "anonymous": "login",
        "member": "ok",
        "owner": "ok",
    },
    "owner": {
        **dict.fromkeys(ROLES, "hidden"),
        "anonymous": "login",
        "member": "forbidden",
        "owner": "ok",
    },
    "member_or_staff": {
        **dict.fromkeys(ROLES, "hidden"),
        "anonymous": "login",
        "member": "ok",
        "owner": "ok",
        "program_manager": "ok",
        "staff_without_mfa": "mfa",
    },
    "staff": {
        **dict.fromkeys(ROLES, "forbidden"),
        "anonymous": "login",
        "program_manager": "ok",
        "staff_without_mfa": "mfa",
    },
    "reviewer": {
        **dict.fromkeys(ROLES, "forbidden"),
        "anonymous": "login",
        "reviewer": "ok",
        "recused_reviewer": "ok",
        "program_manager": "ok",
        "staff_without_mfa": "mfa",
    },
    # The reviewer's own assignment; a recused reviewer is refused theirs with the reason.
    "assigned_reviewer": {
        **dict.fromkeys(ROLES, "forbidden"),
        "anonymous": "login",
        "reviewer": "ok",
        "program_manager": "hidden",
        "staff_without_mfa": "hidden",
    },
}

# Disbursement pages: program managers and fiscal officers.
KINDS["disbursement"] = {**KINDS["staff"], "fiscal": "ok"}
# A receipt: the grantee's members and disbursement staff.
KINDS["receipt"] = {**KINDS["member_or_staff"], "fiscal": "ok"}

# An invitation link: anyone may read it; accepting it (POST) needs a sign-in.
INVITATION = {"GET": KINDS["public"], "POST": KINDS["signed_in"]}

EXPECTED = {
    "portal:home": "public",
    "portal:accessibility": "public",
    "grants:dashboard": "signed_in",
    "grants:staff_home": "reviewer",
    "grants:audit_log": "staff",
    "grants:self_check": "public",
    "grants:applicant_home": "signed_in",
    "grants:organization_create": "signed_in",
    "grants:organization_detail": "member",
    "grants:organization_edit": "member",
    "grants:member_invite": "owner",
    "grants:invitation_revoke": "owner",
    "grants:invitation_accept": INVITATION,
    "grants:application_start": "signed_in",
    "grants:application_detail": "member",
    "grants:application_step": "member",
    "grants:application_autosave": "member",
    "grants:application_submit": "member",
    "grants:application_withdraw": "member",
    "grants:attachment_remove": "member",
    "grants:attachment_download": "member_or_staff",
    "grants:commitment_letter_download": "member_or_staff",
    "grants:staff_rounds": "staff",
    "grants:round_dashboard": "staff",
    "grants:screening_list": "staff",
    "grants:screening_export": "staff",
    "grants:screening_assign": "staff",
    "grants:screening_export_selected": "staff",
    "grants:staff_application_detail": "staff",
    "grants:eligibility_override": "staff",
    "grants:staff_review_home": "staff",
    "grants:staff_rubric": "staff",
    "grants:staff_assignments": "staff",
    "grants:staff_unassign": "staff",
    "grants:staff_reopen": "staff",
    "grants:staff_reviewer_load": "staff",
    "grants:staff_ranking": "staff",
    "grants:reviewer_home": "reviewer",
    "grants:reviewer_review": "assigned_reviewer",
    "grants:reviewer_autosave": "assigned_reviewer",
    "grants:staff_decisions": "staff",
    "grants:staff_decide": "staff",
    "grants:staff_coverage": "staff",
    "grants:staff_finalize": "staff",
    "grants:staff_awards": "staff",
    "grants:staff_award_detail": "staff",
    "grants:staff_award_amend": "staff",
    "grants:staff_award_status": "staff",
    "grants:quarterly_home": "signed_in",
    "grants:quarterly_report": "member",
    "grants:quarterly_autosave": "member",
    "grants:quarterly_review": "member",
    "grants:quarterly_template": "member",
    "grants:quarterly_upload": "member",
    "grants:quarterly_progress": "member",
    "grants:quarterly_progress_chart": "member",
    "grants:staff_submissions": "staff",
    "grants:staff_submissions_export": "staff",
    "grants:staff_figures_export": "staff",
    "grants:round_new": "staff",
    "grants:round_settings": "staff",
    "grants:round_open": "staff",
    "grants:round_close": "staff",
    "grants:invoices_home": "signed_in",
    "grants:invoice_create": "member",
    "grants:invoice_ledger": "member",
    "grants:invoice_detail": "member",
    "grants:invoice_edit": "member",
    "grants:invoice_autosave": "member",
    "grants:invoice_attachment_add": "member",
    "grants:invoice_attachment_remove": "member",
    "grants:invoice_attachment_download": "receipt",
    "grants:staff_invoices": "disbursement",
    "grants:staff_payments_export": "disbursement",
    "grants:staff_invoice_register": "disbursement",
    "grants:staff_invoice": "disbursement",
    "grants:staff_invoice_approve": "disbursement",
    "grants:staff_invoice_return": "disbursement",
    "grants:staff_invoice_release": "disbursement",
    "grants:staff_award_ledger": "disbursement",
    "grants:staff_submission": "staff",
    "grants:staff_submission_accept": "staff",
    "grants:staff_submission_return": "staff",
    "grants:staff_metrics": "staff",
    "grants:staff_metric_create": "staff",
    "grants:staff_metric_edit": "staff",
    "reporting:staff_reports": "staff",
    "reporting:staff_generate": "staff",
    "reporting:staff_run": "staff",
    "reporting:staff_run_status": "staff",
    "reporting:staff_preview": "staff",
    "reporting:staff_publish": "staff",
    "reporting:staff_download": "staff",
    "reporting:staff_narrative": "staff",
    "reporting:public_reports": "public",
    "reporting:public_file": "public",
    "opendata:catalog": "public",
    "opendata:dashboard": "public",
    "opendata:dashboard_csv": "public",
    "opendata:organization": "public",
    "opendata:organization_csv": "public",
    "opendata_api:360giving": "public",
    "opendata_api:award-detail": "public",
    "opendata_api:award-list": "public",
    "opendata_api:docs": "public",
    "opendata_api:figures": "public",
    "opendata_api:metric-definition-detail": "public",
    "opendata_api:metric-definition-list": "public",
    "opendata_api:openapi": "public",
    "opendata_api:organization-detail": "public",
    "opendata_api:organization-list": "public",
    "opendata_api:quarterly-metrics-detail": "public",
    "opendata_api:quarterly-metrics-list": "public",
    "opendata_api:report-detail": "public",
    "opendata_api:report-list": "public",
    "opendata_api:round-detail": "public",
    "opendata_api:round-list": "public",
    "reporting:public_latest": "public",
}

# Other projects' URLs mounted in ours (allauth, Django's admin and language switch) answer for themselves.
FOREIGN_NAMESPACES = {"admin"}
FOREIGN_PREFIXES = ("accounts/", "i18n/", "django-admin/")


def portal_url_names():
    """namespace:name → URL pattern, for every named URL of the portal's own apps."""
    names = {}

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace in FOREIGN_NAMESPACES or route.startswith(FOREIGN_PREFIXES):
                    continue
                walk(pattern, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                if route.startswith(FOREIGN_PREFIXES):
                    continue
                assert pattern.name, f"URL {route!r} has no name: give it one and an entry in EXPECTED"
                names[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver(), "", None)
    return names


def test_every_url_has_an_expected_outcome():
    names = portal_url_names()
    missing = sorted(set(names) - set(EXPECTED))
    assert not missing, f"URLs without an entry in EXPECTED (say who may use them): {missing}"
    stale = sorted(set(EXPECTED) - set(names))
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(settings, tmp_path):
    """One organization with an owner and a member, its application, award, quarter and report, reviewers
    (one recused), a published report run with its files, and another organization's applicant."""
    settings.MEDIA_ROOT = str(tmp_path)
    round_ = funding_round()
    owner, member, outsider = UserFactory(), UserFactory(), UserFactory()
    application = ApplicationFactory(counties=["Yakima"])
    organization = application.organization
    MembershipFactory(user=owner, organization=organization, role="owner")
    MembershipFactory(user=member, organization=organization, role="member")
    MembershipFactory(user=outsider, organization=OrganizationFactory(), role="owner")
    partner = PartnerFactory(application=application)
    partner.commitment_letter.save("letter.pdf", ContentFile(PDF))
    attachment = Attachment(
        application=application,
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=owner,
    )
    attachment.file.save("plan.pdf", ContentFile(PDF))
    metric = Metric.objects.filter(funding_round=round_).exclude(kind=Metric.Kind.TEXT).order_by("pk").first()
    GoalFactory(application=application, metric_code=metric.code)
    award = AwardFactory(application=application, period_end=date(2023, 9, 30))
    ensure_reporting_periods(award)
    period = award.reporting_periods.order_by("year", "quarter").first()
    report = QuarterlyReportFactory(period=period, status="submitted")
    invitation = InvitationFactory(organization=organization, invited_by=owner)
    invoice = InvoiceFactory(award=award)
    receipt = InvoiceAttachment(
        invoice=invoice, original_name="receipt.pdf", content_type="application/pdf", size=len(PDF),
        uploaded_by=owner,
    )  # fmt: skip
    receipt.file.save("receipt.pdf", ContentFile(PDF))

    reviewer, recused = ReviewerFactory(), ReviewerFactory()
    manager, manager_without_mfa = ProgramManagerFactory(), ProgramManagerFactory()
    fiscal = FiscalOfficerFactory()
    for user in (reviewer, recused, manager, fiscal):
        activate_totp(user)
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
    recused_assignment = ReviewAssignmentFactory(
        application=application, reviewer=recused, status=ReviewAssignment.Status.RECUSED, has_conflict=True
    )

    run = ReportRun.objects.create(
        kind="final",
        funding_round=round_,
        status=ReportRun.Status.SUCCEEDED,
        published_at=timezone.now(),
        published_by=manager,
    )
    for kind, content in [("pdf", PDF), ("csv-zip", b"PK\x05\x06" + b"\x00" * 18), ("html", b"<p>x</p>")]:
        artifact = ReportArtifact(run=run, kind=kind, sha256="0" * 64, size=len(content))
        artifact.file.save(f"{kind}.bin", ContentFile(content), save=False)
        artifact.save()

    users = {
        "anonymous": None,
        "other_applicant": outsider,
        "member": member,
        "owner": owner,
        "reviewer": reviewer,
        "recused_reviewer": recused,
        "program_manager": manager,
        "staff_without_mfa": manager_without_mfa,
        "fiscal": fiscal,
    }
    kwargs = {
        "application_id": application.pk,
        "organization_id": organization.pk,
        "invitation_id": invitation.pk,
        "token": invitation.token,
        "attachment_id": attachment.pk,
        "partner_id": partner.pk,
        "award_id": award.pk,
        "period_id": period.pk,
        "report_id": report.pk,
        "metric_id": metric.pk,
        "assignment_id": assignment.pk,
        "run_id": run.pk,
        "invoice_id": invoice.pk,
        "slug": round_.slug,
        "round_slug": round_.slug,
        "step": "project",
        "code": metric.code,
        "kind": "final",
        "filename": "report.pdf",
    }
    per_url = {
        "reporting:staff_download": {"kind": "pdf"},
        "grants:invoice_attachment_remove": {"attachment_id": receipt.pk},
        "grants:invoice_attachment_download": {"attachment_id": receipt.pk},
        "opendata:dashboard_csv": {"table": "grantees"},
        "opendata_api:round-detail": {"pk": round_.slug},
        "opendata_api:award-detail": {"pk": award.pk},
        "opendata_api:organization-detail": {"pk": organization.pk},
        "opendata_api:metric-definition-detail": {"pk": metric.pk},
        "opendata_api:report-detail": {"pk": run.pk},
        "opendata_api:quarterly-metrics-detail": {"pk": report.pk},
    }
    # Each reviewer opens their own assignment: the recused one is refused theirs.
    per_role = {"recused_reviewer": {"assignment_id": recused_assignment.pk}}
    return {"users": users, "kwargs": kwargs, "per_url": per_url, "per_role": per_role}


def outcome(response):
    login, mfa = reverse("account_login"), reverse("mfa_activate_totp")
    if response.status_code == 302 and response.url.startswith(login):
        return "login"
    if response.status_code == 302 and response.url == mfa:
        return "mfa"
    return {403: "forbidden", 404: "hidden"}.get(response.status_code, "ok")


def test_every_url_for_every_role_and_method(world):
    names = portal_url_names()
    clients = {}
    for role, user in world["users"].items():
        clients[role] = Client(raise_request_exception=False)
        if user is not None:
            clients[role].force_login(user)
    failures = []
    for name, pattern in sorted(names.items()):
        expected = EXPECTED[name]
        table = {"GET": KINDS[expected], "POST": KINDS[expected]} if isinstance(expected, str) else expected
        for role in ROLES:
            kwargs = {**world["kwargs"], **world["per_url"].get(name, {}), **world["per_role"].get(role, {})}
            url = reverse(name, kwargs={key: kwargs[key] for key in pattern.pattern.regex.groupindex} or None)
            for method in ("GET", "POST"):
                with transaction.atomic():
                    response = getattr(clients[role], method.lower())(url)
                    transaction.set_rollback(True)
                got = outcome(response)
                if response.status_code >= 500:
                    failures.append(f"{method} {url} as {role}: {response.status_code}")
                elif got != table[method][role]:
                    failures.append(f"{method} {url} as {role}: {got}, expected {table[method][role]}")
    assert not failures, "\n".join(failures)


def test_a_refusal_shows_its_reason(client, world):
    client.force_login(world["users"]["member"])
    response = client.get(reverse("grants:member_invite", args=[world["kwargs"]["organization_id"]]))
    assert response.status_code == 403
    assert "Only an owner of the organization" in response.content.decode()
    client.force_login(world["users"]["recused_reviewer"])
    response = client.get(
        reverse("grants:reviewer_review", args=[world["per_role"]["recused_reviewer"]["assignment_id"]])
    )
    assert response.status_code == 403 and "recused" in response.content.decode()


def test_every_action_the_views_use_is_in_the_map():
    from grants.permissions import PERMISSIONS

    actions = {
        getattr(pattern.callback, "permission_action", None) for pattern in portal_url_names().values()
    } - {None}
    assert actions <= set(PERMISSIONS)
