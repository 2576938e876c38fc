"""Quarterly pages through the Django test client, for every role."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Metric, MetricValue, QuarterlyReport
from grants.services import quarterly as services
from tests.factories import GoalFactory, MembershipFactory, ProgramManagerFactory, UserFactory, activate_totp

from .quarterly_fixtures import FULL, NARRATIVES, grantee_award, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    award, periods, member = grantee_award()
    report = submitted_report(periods[0], member)
    return {"award": award, "periods": periods, "member": member, "report": report}


def grantee_urls(setup):
    period = setup["periods"][1].pk
    award = setup["award"].pk
    return [
        reverse("grants:quarterly_report", args=[period]),
        reverse("grants:quarterly_review", args=[setup["periods"][0].pk]),
        reverse("grants:quarterly_template", args=[period]),
        reverse("grants:quarterly_upload", args=[period]),
        reverse("grants:quarterly_progress", args=[award]),
    ]


def staff_urls(setup):
    report = setup["report"].pk
    metric = Metric.objects.filter(funding_round__slug="clep-2021").first().pk
    return [
        reverse("grants:staff_submissions"),
        reverse("grants:staff_submissions_export"),
        reverse("grants:staff_submission", args=[report]),
        reverse("grants:staff_metrics", args=["clep-2021"]),
        reverse("grants:staff_metric_create", args=["clep-2021"]),
        reverse("grants:staff_metric_edit", args=[metric]),
    ]


def test_grantee_pages_are_for_members_only(client, setup, program_manager):
    for url in grantee_urls(setup):
        assert client.get(url).status_code == 302, url  # to sign-in
    outsider = UserFactory()
    MembershipFactory(user=outsider)  # a member of another organization
    client.force_login(outsider)
    for url in grantee_urls(setup):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("grants:quarterly_autosave", args=[setup["periods"][1].pk])).status_code == 404
    client.force_login(program_manager)
    for url in grantee_urls(setup):
        assert client.get(url).status_code == 404, url
    client.force_login(setup["member"])
    for url in grantee_urls(setup):
        assert client.get(url).status_code == 200, url


def test_staff_pages_refuse_grantees_and_reviewers(client, setup, reviewer):
    for url in staff_urls(setup):
        assert client.get(url).status_code == 302, url
    for user in [setup["member"], reviewer]:
        client.force_login(user)
        for url in staff_urls(setup):
            assert client.get(url).status_code == 403, url
        response = client.post(reverse("grants:staff_submission_accept", args=[setup["report"].pk]))
        assert response.status_code == 403
    assert QuarterlyReport.objects.get().status == "submitted"


def test_staff_without_mfa_is_sent_to_set_it_up(client, setup):
    client.force_login(ProgramManagerFactory())
    assert client.get(reverse("grants:staff_submissions")).status_code == 302


def test_quarterly_home_and_applicant_home_show_what_is_due(client, setup):
    client.force_login(setup["member"])
    response = client.get(reverse("grants:quarterly_home"))
    content = response.content.decode()
    assert setup["award"].contract_number in content
    assert "Submitted" in content and "Overdue" in content  # 2021-Q4 sent; the rest long past due
    home = client.get(reverse("grants:applicant_home")).content.decode()
    assert "Quarterly reports to do" in home
    assert reverse("grants:quarterly_report", args=[setup["periods"][1].pk]) in home
    assert reverse("grants:quarterly_home") in home  # NAV_ITEMS lists it


def test_form_keeps_what_was_typed_and_names_the_metric(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][1]
    url = reverse("grants:quarterly_report", args=[period.pk])
    data = {f"m_{code}": value for code, value in FULL.items()} | NARRATIVES
    data |= {"m_youth_participants": "twelve", "m_survey_trust_percent": "150", "save": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="twelve"' in content and 'value="150"' in content
    assert "Youth participants: enter a number." in content
    assert "Respondents who trust law enforcement (%): enter a percentage from 0 to 100." in content
    assert MetricValue.objects.filter(report__period=period, metric__code="dialogue_sessions").exists()
    assert not MetricValue.objects.filter(report__period=period, metric__code="youth_participants").exists()


def test_fill_review_submit_then_resubmit_after_return(client, setup, program_manager):
    client.force_login(setup["member"])
    period = setup["periods"][1]
    data = {f"m_{code}": value for code, value in FULL.items()} | NARRATIVES | {"review": ""}
    response = client.post(reverse("grants:quarterly_report", args=[period.pk]), data)
    assert response.url == reverse("grants:quarterly_review", args=[period.pk])
    review = client.get(response.url).content.decode()
    assert "Submit to Commerce" in review and "Yakima PD records system" in review
    response = client.post(reverse("grants:quarterly_review", args=[period.pk]))
    assert response.url == reverse("grants:quarterly_home")
    report = QuarterlyReport.objects.get(period=period)
    assert report.status == "submitted"
    # A crafted POST cannot change a sent report.
    client.post(reverse("grants:quarterly_report", args=[period.pk]), {"m_dialogue_sessions": "99"})
    assert MetricValue.objects.get(report=report, metric__code="dialogue_sessions").number == 4

    services.return_quarterly_report(report, by=program_manager, comment="Check the participants.")
    page = client.get(reverse("grants:quarterly_home")).content.decode()
    assert "Check the participants." in page
    client.post(
        reverse("grants:quarterly_report", args=[period.pk]),
        data | {"m_community_participants": "80", "highlights": "Revised highlights"},
    )
    assert (
        "Resubmit to Commerce"
        in client.get(reverse("grants:quarterly_review", args=[period.pk])).content.decode()
    )
    client.post(reverse("grants:quarterly_review", args=[period.pk]))
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 2)

    client.force_login(program_manager)
    detail = client.get(reverse("grants:staff_submission", args=[report.pk])).content.decode()
    assert "What changed from version 1 to version 2" in detail
    assert "<del>120</del>" in detail and "<ins>80</ins>" in detail
    assert "Revised highlights" in detail
    assert client.get(reverse("grants:staff_submission", args=[report.pk]) + "?compare=1").status_code == 404
    assert client.get(reverse("grants:staff_submission", args=[report.pk]) + "?compare=x").status_code == 404


def test_submitting_an_incomplete_report_is_refused(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][1]
    client.post(
        reverse("grants:quarterly_report", args=[period.pk]), {"m_dialogue_sessions": "1", "save": ""}
    )
    review = client.get(reverse("grants:quarterly_review", args=[period.pk])).content.decode()
    assert "Before you can submit" in review and "Submit to Commerce" not in review
    client.post(reverse("grants:quarterly_review", args=[period.pk]))
    assert QuarterlyReport.objects.get(period=period).status == "draft"


def test_autosave_saves_and_answers_with_a_status(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][2]
    url = reverse("grants:quarterly_autosave", args=[period.pk])
    response = client.post(
        url, {"m_dialogue_sessions": "7", "m_youth_participants": "-1", "highlights": "Hi"}
    )
    assert response.status_code == 200
    assert "Draft saved, except" in response.content.decode()
    assert MetricValue.objects.get(report__period=period, metric__code="dialogue_sessions").number == 7
    assert client.get(url).status_code == 405


def test_csv_template_round_trip(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][1]
    response = client.get(reverse("grants:quarterly_template", args=[period.pk]))
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "metric,label,help,value"
    assert len(lines) == 25
    filled = "\n".join(
        line[: -len(",")] + ",3" if line.startswith(("dialogue_sessions", "youth_activities")) else line
        for line in lines
    )
    upload = client.post(
        reverse("grants:quarterly_upload", args=[period.pk]),
        {"file": _file(filled)},
    )
    assert upload.status_code == 302
    values = {v.metric.code: v.number for v in MetricValue.objects.filter(report__period=period)}
    assert values == {"dialogue_sessions": 3, "youth_activities": 3}


def test_upload_with_errors_lists_lines_and_changes_nothing(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][1]
    response = client.post(
        reverse("grants:quarterly_upload", args=[period.pk]),
        {"file": _file("metric,value\ndialogue_sessions,4\nexpenditures,12.345\n")},
    )
    assert response.status_code == 200
    assert "Line 3, column value: Expenditures this quarter ($)" in response.content.decode()
    assert not MetricValue.objects.filter(report__period=period).exists()


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")


def test_progress_dashboard_shows_goals_against_targets_with_a_chart(client, setup):
    award = setup["award"]
    GoalFactory(application=award.application, metric_code="dialogue_sessions", target=Decimal("24"))
    GoalFactory(application=award.application, metric_code="survey_trust_percent", target=Decimal("70"))
    client.force_login(setup["member"])
    page = client.get(reverse("grants:quarterly_progress", args=[award.pk])).content.decode()
    assert "Dialogue sessions held: 4 so far against a target of 24 (17% of the target)" in page
    assert "Respondents who trust law enforcement (%): 61.5 in the latest quarter" in page
    chart = client.get(reverse("grants:quarterly_progress_chart", args=[award.pk, "dialogue_sessions"]))
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<?xml") and b"<svg" in chart.content
    missing = client.get(reverse("grants:quarterly_progress_chart", args=[award.pk, "youth_participants"]))
    assert missing.status_code == 404


def test_progress_dashboard_in_spanish_uses_spanish_labels(client, setup):
    GoalFactory(application=setup["award"].application, metric_code="dialogue_sessions", target=Decimal("24"))
    client.force_login(setup["member"])
    client.cookies["django_language"] = "es"
    page = client.get(reverse("grants:quarterly_progress", args=[setup["award"].pk])).content.decode()
    assert "Sesiones de diálogo realizadas" in page


@pytest.fixture
def board(setup):
    """Six more awards so an N+1 on the board would show."""
    for _ in range(6):
        _award, periods, member = grantee_award()
        submitted_report(periods[0], member)
    return setup


def test_submissions_board_filters_paginates_and_counts(staff_client, board, django_assert_max_num_queries):
    url = reverse("grants:staff_submissions")
    # The board plus the read model of figures (a constant 8 queries) for its completeness summary.
    with django_assert_max_num_queries(20):
        response = staff_client.get(url, {"round": "clep-2021"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7 * 8
    submitted = staff_client.get(url, {"round": "clep-2021", "state": "submitted"})
    assert submitted.context["page"].paginator.count == 7
    missing = staff_client.get(url, {"round": "clep-2021", "state": "missing", "quarter": "2022-Q1"})
    assert missing.context["page"].paginator.count == 7
    found = staff_client.get(url, {"grantee": board["award"].contract_number})
    assert found.context["page"].paginator.count == 8
    assert staff_client.get(url, {"page": "999"}).status_code == 200
    assert staff_client.get(url, {"round": "nope"}).status_code == 404


def test_late_reports_are_flagged_and_filterable(staff_client, setup):
    report = setup["report"]
    version = report.versions.get()
    version.submitted_at = timezone.make_aware(timezone.datetime(2022, 2, 15, 12))
    version.save()
    url = reverse("grants:staff_submissions")
    late = staff_client.get(url, {"late": "yes"})
    assert [p.pk for p in late.context["page"]] == [report.period_id]
    assert "late" in late.content.decode()
    assert report.period.due_on == date(2022, 1, 30)
    on_time = staff_client.get(url, {"late": "no"})
    assert on_time.context["page"].paginator.count == 0


def test_export_is_long_format_of_sent_reports_only(staff_client, setup):
    services.save_quarterly_draft(
        setup["periods"][1], raw_values={"dialogue_sessions": "99"}, narratives={}, by=setup["member"]
    )
    response = staff_client.get(reverse("grants:staff_submissions_export"), {"round": "clep-2021"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "contract_number,quarter,metric,value"
    contract = setup["award"].contract_number
    assert f"{contract},2021-Q4,expenditures,12500.00" in lines
    assert f"{contract},2021-Q4,crime_data_source,Yakima PD records system" in lines
    assert not any(",2022-Q1," in line for line in lines)
    assert len(lines) == 1 + len(FULL)


def test_staff_accept_and_return(staff_client, setup, django_capture_on_commit_callbacks):
    report = setup["report"]
    url = reverse("grants:staff_submission_return", args=[report.pk])
    staff_client.post(url, {"comment": ""})
    assert QuarterlyReport.objects.get().status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"comment": "Please add the crime data source."})
    assert QuarterlyReport.objects.get().status == "returned"
    staff_client.post(reverse("grants:staff_submission_accept", args=[report.pk]))
    assert QuarterlyReport.objects.get().status == "returned"  # only submitted reports can be accepted
    assert staff_client.get(reverse("grants:staff_submission", args=[9999])).status_code == 404


def test_staff_edit_and_add_metrics_without_deleting(staff_client):
    metric = Metric.objects.get(funding_round__slug="clep-2023", code="youth_participants")
    url = reverse("grants:staff_metric_edit", args=[metric.pk])
    form = {
        "category": "youth",
        "label_en": "Young people taking part",
        "label_es": "Jóvenes que participan",
        "label_tl": "",
        "help_en": "Under 25.",
        "is_required": "on",
        "min_value": "0",
        "max_value": "-1",
        "order": "5",
    }
    response = staff_client.post(url, form)
    assert response.status_code == 200 and 'value="Young people taking part"' in response.content.decode()
    staff_client.post(url, form | {"max_value": "5000"})
    metric.refresh_from_db()
    assert metric.label == {"en": "Young people taking part", "es": "Jóvenes que participan"}
    assert metric.is_required and metric.max_value == 5000 and metric.code == "youth_participants"
    create = reverse("grants:staff_metric_create", args=["clep-2023"])
    staff_client.post(create, form | {"code": "mentors", "kind": "count", "max_value": ""})
    assert Metric.objects.filter(funding_round__slug="clep-2023", code="mentors").exists()
    again = staff_client.post(create, form | {"code": "mentors", "kind": "count", "max_value": ""})
    assert "already has a metric with that code" in again.content.decode()
    list_page = staff_client.get(reverse("grants:staff_metrics", args=["clep-2023"])).content.decode()
    assert "mentors" in list_page


def test_staff_detail_of_a_report_with_two_staff_users(client, setup):
    manager = ProgramManagerFactory()
    activate_totp(manager)
    client.force_login(manager)
    page = client.get(reverse("grants:staff_submission", args=[setup["report"].pk])).content.decode()
    assert "Accept the report" in page and "Return for revision" in page


def test_quarterly_home_queries_do_not_grow_with_awards(client, django_assert_max_num_queries):
    award, _periods, member = grantee_award()
    for _ in range(4):
        _other, other_periods, _member = grantee_award(application__organization=award.organization)
        submitted_report(other_periods[0], member)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("grants:quarterly_home"))
    assert response.content.decode().count("Fill in ") >= 5 * 7
    with django_assert_max_num_queries(12):
        client.get(reverse("grants:applicant_home"))


def test_a_sent_report_cannot_be_autosaved_or_uploaded_into(client, setup):
    client.force_login(setup["member"])
    period = setup["periods"][0]
    response = client.post(
        reverse("grants:quarterly_autosave", args=[period.pk]), {"m_dialogue_sessions": "50"}
    )
    assert "can no longer be changed" in response.content.decode()
    upload = client.post(
        reverse("grants:quarterly_upload", args=[period.pk]),
        {"file": _file("metric,value\ndialogue_sessions,50\n")},
    )
    assert upload.status_code == 302
    assert MetricValue.objects.get(report__period=period, metric__code="dialogue_sessions").number == 4
    form = client.get(reverse("grants:quarterly_report", args=[period.pk])).content.decode()
    assert "can no longer be changed" in form and 'name="m_dialogue_sessions"' not in form
