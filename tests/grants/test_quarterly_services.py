"""Quarterly reporting services: drafts, submission rules, review, versions, uploads and the import command."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from grants.models import Metric, MetricValue, QuarterlyReport, ReportVersion
from grants.programs.clep.metrics import CODES
from grants.reference_data import restore_reference_data
from grants.services import ServiceError
from grants.services import quarterly as services
from portal.models import Notice
from tests.factories import MembershipFactory, UserFactory

from .quarterly_fixtures import FULL, NARRATIVES, grantee_award, submitted_report

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_catalog_in_both_rounds_and_restoring_changes_nothing():
    for slug in ["clep-2021", "clep-2023"]:
        assert sorted(
            Metric.objects.filter(funding_round__slug=slug).values_list("code", flat=True)
        ) == sorted(CODES)
    trust = Metric.objects.get(funding_round__slug="clep-2021", code="survey_trust_percent")
    assert trust.kind == "percentage" and trust.max_value == 100
    assert trust.label["es"].startswith("Personas encuestadas")
    trust.label = {**trust.label, "en": "Trust (edited by staff)"}
    trust.save()
    restore_reference_data()
    assert Metric.objects.count() == 2 * len(CODES)
    assert Metric.objects.get(pk=trust.pk).label["en"] == "Trust (edited by staff)"


def test_a_draft_keeps_valid_values_and_reports_the_others():
    _award, periods, member = grantee_award()
    result = services.save_quarterly_draft(
        periods[0],
        raw_values={"dialogue_sessions": "3", "youth_participants": "2.5", "expenditures": "10.999"},
        narratives={"highlights": "Good start"},
        by=member,
    )
    assert set(result.errors) == {"youth_participants", "expenditures"}
    assert "whole number" in result.errors["youth_participants"]
    report = result.report
    assert report.status == QuarterlyReport.Status.DRAFT
    assert {v.metric.code: v.number for v in report.values.all()} == {"dialogue_sessions": 3}
    assert report.highlights == "Good start"


def test_submitting_needs_every_required_metric_and_the_highlights():
    _award, periods, member = grantee_award()
    result = services.save_quarterly_draft(
        periods[0], raw_values={"dialogue_sessions": "3"}, narratives={}, by=member
    )
    errors = services.submission_errors(result.report)
    assert {"community_participants", "expenditures", "highlights"} <= set(errors)
    with pytest.raises(ServiceError, match="required"):
        services.submit_quarterly_report(result.report, by=member)
    assert QuarterlyReport.objects.get().status == QuarterlyReport.Status.DRAFT


def test_cumulative_expenditures_may_not_exceed_the_award():
    _award, periods, member = grantee_award(amount=Decimal("20000.00"))
    submitted_report(periods[0], member, {**FULL, "expenditures": "12500.00"})
    result = services.save_quarterly_draft(
        periods[1], raw_values={**FULL, "expenditures": "7500.01"}, narratives=NARRATIVES, by=member
    )
    with pytest.raises(ServiceError, match=r"\$20,000\.01"):
        services.submit_quarterly_report(result.report, by=member)
    services.save_quarterly_draft(
        periods[1], raw_values={"expenditures": "7500.00"}, narratives=NARRATIVES, by=member
    )
    report = services.submit_quarterly_report(result.report, by=member)
    assert report.status == QuarterlyReport.Status.SUBMITTED


def test_submit_return_resubmit_accept_keeps_every_version_and_notifies_in_the_members_language(
    django_capture_on_commit_callbacks,
):
    award, periods, member = grantee_award(language="es")
    colleague = UserFactory(preferred_language="tl")
    MembershipFactory(user=colleague, organization=award.organization, role="member")
    manager = UserFactory(role="program_manager")
    report = submitted_report(periods[0], member)
    assert report.version == 1 and report.submitted_by == member

    with pytest.raises(ServiceError, match="comments are required"):
        services.return_quarterly_report(report, by=manager, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_quarterly_report(
            report, by=manager, comment="Participants look doubled; please check."
        )
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.RETURNED
    returned = [m for m in mail.outbox if "doubled" in m.body]
    assert sorted(m.to[0] for m in returned) == sorted([member.email, colleague.email])
    # Rendered in each member's language (the lead translates the new strings after merging).
    languages = dict(Notice.objects.filter(template="quarterly_returned").values_list("email", "language"))
    assert languages == {member.email: "es", colleague.email: "tl"}

    with pytest.raises(ServiceError):
        services.accept_quarterly_report(report, by=manager)
    services.save_quarterly_draft(
        periods[0], raw_values={"community_participants": "60"}, narratives=NARRATIVES, by=member
    )
    report = services.submit_quarterly_report(report, by=member)
    assert report.version == 2
    services.accept_quarterly_report(report, by=manager)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.ACCEPTED
    first, second = ReportVersion.objects.filter(report=report).order_by("number")
    assert first.values["community_participants"] == "120"
    assert second.values["community_participants"] == "60"
    assert report.history.count() >= 4
    with pytest.raises(ServiceError, match="can no longer be changed"):
        services.save_quarterly_draft(periods[0], raw_values={}, narratives={}, by=member)


def test_template_upload_with_errors_changes_nothing_and_a_good_one_fills_the_draft():
    _award, periods, member = grantee_award()
    services.save_quarterly_draft(periods[0], raw_values={"dialogue_sessions": "2"}, narratives={}, by=member)
    bad = b"metric,label,help,value\ndialogue_sessions,,,5\nyouth_participants,,,-3\n"
    parsed = services.upload_quarter_template(periods[0], bad, by=member)
    assert [str(e) for e in parsed.errors] == [
        "Line 3, column value: Youth participants: a count cannot be negative."
    ]
    assert MetricValue.objects.get(metric__code="dialogue_sessions").number == 2
    good = (
        b"metric,label,help,value\ndialogue_sessions,,,5\nyouth_participants,,,30\nsurvey_trust_percent,,,\n"
    )
    assert services.upload_quarter_template(periods[0], good, by=member).is_valid
    assert {v.metric.code: v.number for v in MetricValue.objects.all()} == {
        "dialogue_sessions": 5,
        "youth_participants": 30,
    }


def _import_file(tmp_path, text):
    path = tmp_path / "values.csv"
    path.write_text(text)
    return path


def test_import_command_is_all_or_nothing_and_idempotent(tmp_path):
    _award, _periods, _member = grantee_award(contract_number="CLEP-21-0500")
    good = (
        "contract_number,quarter,metric,value\n"
        "CLEP-21-0500,2021-Q4,dialogue_sessions,3\n"
        "CLEP-21-0500,2021-Q4,expenditures,1000.00\n"
        "CLEP-21-0500,2022-Q1,dialogue_sessions,5\n"
    )
    bad = good + "CLEP-21-0500,2022-Q1,survey_trust_percent,140\nCLEP-21-0500,2030-Q1,dialogue_sessions,1\n"
    with pytest.raises(CommandError, match="2 error"):
        call_command(
            "import_quarterly", str(_import_file(tmp_path, bad)), round_slug="clep-2021", stderr=StringIO()
        )
    assert not QuarterlyReport.objects.exists()

    out = StringIO()
    call_command("import_quarterly", str(_import_file(tmp_path, good)), round_slug="clep-2021", stdout=out)
    assert "2 report(s)" in out.getvalue()
    reports = QuarterlyReport.objects.order_by("period__year", "period__quarter")
    assert [(r.status, r.is_imported, r.version) for r in reports] == [("submitted", True, 1)] * 2
    counts = (MetricValue.objects.count(), ReportVersion.objects.count(), QuarterlyReport.history.count())

    out = StringIO()
    call_command("import_quarterly", str(_import_file(tmp_path, good)), round_slug="clep-2021", stdout=out)
    assert "0 report(s)" in out.getvalue()
    assert (
        MetricValue.objects.count(),
        ReportVersion.objects.count(),
        QuarterlyReport.history.count(),
    ) == counts


def test_import_refuses_expenditures_over_the_award(tmp_path):
    grantee_award(contract_number="CLEP-21-0600", amount=Decimal("1000.00"))
    text = (
        "contract_number,quarter,metric,value\n"
        "CLEP-21-0600,2021-Q4,expenditures,600.00\n"
        "CLEP-21-0600,2022-Q1,expenditures,600.00\n"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_quarterly", str(_import_file(tmp_path, text)), round_slug="clep-2021", stderr=err
        )
    assert "column value" in err.getvalue() and "exceed" in err.getvalue()
    assert not QuarterlyReport.objects.exists()


def test_import_with_an_unknown_round_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="No funding round"):
        call_command("import_quarterly", str(_import_file(tmp_path, "x\n")), round_slug="nope")


def test_importing_changed_values_makes_a_new_submitted_version(tmp_path):
    _award, periods, member = grantee_award(contract_number="CLEP-21-0700")
    report = submitted_report(periods[0], member)
    services.accept_quarterly_report(report, by=UserFactory(role="program_manager"))
    text = "contract_number,quarter,metric,value\nCLEP-21-0700,2021-Q4,dialogue_sessions,4\n"
    call_command(
        "import_quarterly", str(_import_file(tmp_path, text)), round_slug="clep-2021", stdout=StringIO()
    )
    report.refresh_from_db()
    assert (report.status, report.version) == ("accepted", 1)  # same value: nothing changes
    text = text.replace(",4\n", ",6\n")
    call_command(
        "import_quarterly", str(_import_file(tmp_path, text)), round_slug="clep-2021", stdout=StringIO()
    )
    report.refresh_from_db()
    assert (report.status, report.version, report.is_imported) == ("submitted", 2, True)
    assert report.versions.get(number=2).values["dialogue_sessions"] == "6"
    assert report.versions.get(number=2).is_imported


def test_metric_factory_reuses_a_seeded_code_instead_of_duplicating_it():
    from tests.factories import MetricFactory
    from tests.factories.applications import funding_round

    metric = MetricFactory(funding_round=funding_round(), code="dialogue_sessions", label={"en": "Sessions"})
    assert Metric.objects.filter(funding_round__slug="clep-2021", code="dialogue_sessions").get() == metric
    assert metric.label == {"en": "Sessions"}
    assert MetricFactory().code.startswith("metric-")


def test_a_quarter_that_has_not_ended_cannot_be_submitted(monkeypatch):
    from grants.selectors import quarterly as selectors

    _award, periods, member = grantee_award()
    monkeypatch.setattr(selectors, "today", lambda: periods[0].ends_on)
    result = services.save_quarterly_draft(periods[0], raw_values=FULL, narratives=NARRATIVES, by=member)
    with pytest.raises(ServiceError, match="can be submitted after"):
        services.submit_quarterly_report(result.report, by=member)
    monkeypatch.setattr(selectors, "today", lambda: periods[0].ends_on + timedelta(days=1))
    assert services.submit_quarterly_report(result.report, by=member).status == "submitted"
