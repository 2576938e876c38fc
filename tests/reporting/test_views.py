"""Staff report pages for program managers with MFA only; the public reports page for everyone."""

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import Membership
from reporting.models import ReportNarrative, ReportRun
from reporting.services import create_run, generate, publish_run
from tests.factories import MembershipFactory, ProgramManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(report_data, program_manager, fast_render):
    """A published run, a newer published run that supersedes it, an unpublished one and a failed one."""
    pilot = report_data["round"]
    old = generate(create_run("final", pilot, {}, by=program_manager).pk)
    new = generate(create_run("final", pilot, {}, by=program_manager).pk)
    draft = generate(create_run("preliminary", pilot, {"as_of": "2021-12-15"}, by=program_manager).pk)
    failed = create_run("final", pilot, {}, by=program_manager)
    ReportRun.objects.filter(pk=failed.pk).update(
        status=ReportRun.Status.FAILED, error="The report could not be generated (no quarters)."
    )
    publish_run(old, by=program_manager)
    publish_run(new, by=program_manager)
    return {"old": old, "new": new, "draft": draft, "failed": failed}


def staff_urls(runs):
    run = runs["draft"]
    return [
        reverse("reporting:staff_reports"),
        reverse("reporting:staff_generate"),
        reverse("reporting:staff_run", args=[run.pk]),
        reverse("reporting:staff_run_status", args=[run.pk]),
        reverse("reporting:staff_preview", args=[run.pk]),
        reverse("reporting:staff_publish", args=[run.pk]),
        reverse("reporting:staff_download", args=[run.pk, "pdf"]),
        reverse("reporting:staff_download", args=[run.pk, "csv-zip"]),
        reverse("reporting:staff_narrative", args=["clep-2021", "final"]),
    ]


def grantee_user(runs):
    """A member of a grantee organization: still not staff."""
    user = UserFactory()
    MembershipFactory(user=user, organization=runs["new"].funding_round.awards.first().organization)
    return user


def test_anonymous_visitors_are_sent_to_sign_in_from_every_staff_page(client, runs):
    for url in staff_urls(runs):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["applicant", "grantee", "reviewer"])
def test_applicants_grantees_and_reviewers_are_refused_every_staff_page(client, runs, role, request):
    user = {
        "applicant": lambda: request.getfixturevalue("applicant"),
        "grantee": lambda: grantee_user(runs),
        "reviewer": lambda: request.getfixturevalue("reviewer"),
    }[role]()
    client.force_login(user)
    for url in staff_urls(runs):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert not ReportRun.objects.filter(published_at__isnull=False, pk=runs["draft"].pk).exists()


def test_program_manager_without_mfa_is_sent_to_set_it_up(client, runs):
    client.force_login(ProgramManagerFactory())
    response = client.get(reverse("reporting:staff_reports"))
    assert response.status_code == 302
    assert "totp" in response["Location"]


def test_program_manager_opens_every_staff_page(staff_client, runs):
    for url in staff_urls(runs):
        assert staff_client.get(url).status_code == 200, url


def test_unknown_runs_and_kinds_are_404(staff_client, runs):
    assert staff_client.get(reverse("reporting:staff_run", args=[999999])).status_code == 404
    assert (
        staff_client.get(reverse("reporting:staff_download", args=[runs["draft"].pk, "exe"])).status_code
        == 404
    )
    assert (
        staff_client.get(reverse("reporting:staff_narrative", args=["clep-2021", "weekly"])).status_code
        == 404
    )
    assert staff_client.get(reverse("reporting:staff_narrative", args=["nope", "final"])).status_code == 404
    assert staff_client.get(reverse("reporting:staff_preview", args=[runs["failed"].pk])).status_code == 404


def test_run_list_filters_paginates_and_exports_csv(staff_client, runs, django_assert_max_num_queries):
    url = reverse("reporting:staff_reports")
    with django_assert_max_num_queries(15):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4

    response = staff_client.get(url, {"kind": "preliminary"})
    assert [r.pk for r in response.context["page"].object_list] == [runs["draft"].pk]
    response = staff_client.get(url, {"status": "failed"})
    assert [r.pk for r in response.context["page"].object_list] == [runs["failed"].pk]
    response = staff_client.get(url, {"published": "yes"})  # a named choice, no "Unknown"
    assert {r.pk for r in response.context["page"].object_list} == {runs["old"].pk, runs["new"].pk}

    csv = b"".join(staff_client.get(url, {"format": "csv", "kind": "final"}).streaming_content).decode()
    assert csv.splitlines()[0].startswith("id,kind,round")
    assert len(csv.splitlines()) == 4


def test_run_list_query_count_does_not_grow_with_runs(staff_client, runs, django_assert_max_num_queries):
    for _ in range(30):
        create_run("final", runs["new"].funding_round, {})
    with django_assert_max_num_queries(15):
        assert staff_client.get(reverse("reporting:staff_reports")).status_code == 200


def test_generate_form_queues_a_run_and_redirects_to_its_page(
    staff_client, report_data, fast_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("reporting:staff_generate"),
            {"kind": "final", "funding_round": "clep-2021"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:staff_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED


def test_generate_form_with_bad_parameters_keeps_what_was_typed(staff_client, report_data):
    response = staff_client.post(
        reverse("reporting:staff_generate"),
        {"kind": "biennial", "funding_round": "clep-2021", "year": "2022"},
    )
    assert response.status_code == 200
    assert "odd year" in response.content.decode()
    assert response.context["form"]["year"].value() == "2022"
    assert not ReportRun.objects.exists()


def test_generate_form_covers_every_round_of_a_biennium(staff_client, report_data, fast_render):
    response = staff_client.post(
        reverse("reporting:staff_generate"), {"kind": "biennial", "year": "2025", "all_rounds": "on"}
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert run.parameters == {"year": 2025, "rounds": ["clep-2021", "clep-2023"]}
    assert run.funding_round.slug == "clep-2023"


def test_generate_form_needs_a_round_unless_it_covers_the_biennium(staff_client, report_data):
    response = staff_client.post(reverse("reporting:staff_generate"), {"kind": "final"})
    assert response.status_code == 200
    assert "Choose the funding round." in response.content.decode()
    response = staff_client.post(
        reverse("reporting:staff_generate"), {"kind": "final", "all_rounds": "on", "year": "2025"}
    )
    assert "Only a biennial report covers every round" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_run_page_shows_a_failed_run_with_its_error(staff_client, runs):
    response = staff_client.get(reverse("reporting:staff_run", args=[runs["failed"].pk]))
    content = response.content.decode()
    assert "Failed" in content
    assert "The report could not be generated (no quarters)." in content
    assert 'hx-trigger="every 2s"' not in content


def test_status_fragment_polls_while_the_run_is_not_finished(staff_client, runs):
    queued = create_run("final", runs["new"].funding_round, {})
    ReportRun.objects.filter(pk=queued.pk).update(status="running", progress=40, step="Drawing charts")
    content = staff_client.get(reverse("reporting:staff_run_status", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert 'value="40"' in content
    assert "Drawing charts" in content
    # Without JavaScript, the run page has a refresh link.
    page = staff_client.get(reverse("reporting:staff_run", args=[queued.pk])).content.decode()
    assert "Refresh this page" in page

    done = staff_client.get(reverse("reporting:staff_run_status", args=[runs["draft"].pk])).content.decode()
    assert "hx-trigger" not in done
    assert reverse("reporting:staff_preview", args=[runs["draft"].pk]) in done


def test_preview_shows_the_report_html(staff_client, runs):
    content = staff_client.get(reverse("reporting:staff_preview", args=[runs["draft"].pk])).content.decode()
    assert content.count("<h1") == 1
    assert "Selected grant recipients" in content
    assert "Yakima Valley Unidos" in content


def test_publish_asks_for_confirmation_then_publishes(staff_client, runs, program_manager):
    url = reverse("reporting:staff_publish", args=[runs["draft"].pk])
    assert "Publish this report?" in staff_client.get(url).content.decode()
    runs["draft"].refresh_from_db()
    assert not runs["draft"].is_published

    response = staff_client.post(url)
    assert response.status_code == 302
    runs["draft"].refresh_from_db()
    assert runs["draft"].is_current
    assert runs["draft"].published_by == program_manager


def test_publishing_a_failed_run_is_refused_with_a_message(staff_client, runs):
    response = staff_client.post(reverse("reporting:staff_publish", args=[runs["failed"].pk]), follow=True)
    assert "Only a report that was generated successfully can be published." in response.content.decode()
    runs["failed"].refresh_from_db()
    assert not runs["failed"].is_published


def test_narrative_form_saves_with_history(staff_client, pilot, program_manager):
    url = reverse("reporting:staff_narrative", args=["clep-2021", "final"])
    response = staff_client.post(url, {"summary": "The pilot reached 14 counties.", "highlights": "Soccer."})
    assert response.status_code == 302
    narrative = ReportNarrative.objects.get(funding_round=pilot, kind="final")
    assert narrative.summary == "The pilot reached 14 counties."
    assert narrative.updated_by == program_manager
    staff_client.post(url, {"summary": "Revised."})
    assert narrative.history.count() == 2
    assert narrative.history.first().history_user == program_manager


def test_public_page_lists_published_reports_for_anonymous_visitors(client, runs):
    response = client.get(reverse("reporting:public_reports"))
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("reporting:public_file", args=[runs["new"].pk, "report.pdf"]) in content
    assert reverse("reporting:public_file", args=[runs["old"].pk, "report.pdf"]) in content
    assert runs["new"].artifacts.get(kind="pdf").sha256 in content
    assert "Superseded" in content
    assert reverse("reporting:public_file", args=[runs["draft"].pk, "report.pdf"]) not in content
    assert [r.pk for r in response.context["current"]] == [runs["new"].pk]
    assert [r.pk for r in response.context["superseded"]] == [runs["old"].pk]


def test_public_page_chrome_is_translated(client, runs):
    client.cookies["django_language"] = "es"
    response = client.get(reverse("reporting:public_reports"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_permanent_and_latest_urls_serve_published_files_only(client, runs):
    new, old, draft = runs["new"], runs["old"], runs["draft"]
    response = client.get(reverse("reporting:public_file", args=[old.pk, "report.pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == old.artifacts.get(kind="pdf").sha256
    assert client.get(reverse("reporting:public_file", args=[new.pk, "data.zip"])).status_code == 200
    assert client.get(reverse("reporting:public_file", args=[draft.pk, "report.pdf"])).status_code == 404
    assert client.get(f"/reports/{new.pk}/preview.html").status_code == 404

    latest = client.get(reverse("reporting:public_latest", args=["final", "clep-2021", "report.pdf"]))
    assert latest.status_code == 302
    assert latest["Location"] == reverse("reporting:public_file", args=[new.pk, "report.pdf"])
    assert (
        client.get(
            reverse("reporting:public_latest", args=["preliminary", "clep-2021", "report.pdf"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("reporting:public_latest", args=["weekly", "clep-2021", "report.pdf"])).status_code
        == 404
    )


def test_navigation_lists_the_report_pages(staff_client, runs):
    public = reverse("reporting:public_reports")
    assert reverse("reporting:staff_reports") in staff_client.get(public).content.decode()
    anonymous = Client().get(public).content.decode()
    assert reverse("reporting:staff_reports") not in anonymous
    assert public in anonymous


def test_membership_role_is_irrelevant_to_staff_pages(client, runs):
    user = UserFactory()
    MembershipFactory(
        user=user,
        organization=runs["new"].funding_round.awards.first().organization,
        role=Membership.Role.OWNER,
    )
    client.force_login(user)
    assert client.get(reverse("reporting:staff_reports")).status_code == 403


def test_a_report_file_missing_from_storage_is_a_404_with_a_message(client, staff_client, runs):
    from django.core.files.storage import default_storage

    run = runs["new"]
    for artifact in run.artifacts.all():
        default_storage.delete(artifact.file.name)
    for url in (f"/reports/{run.pk}/report.pdf", f"/reports/{run.pk}/data.zip"):
        response = client.get(url)
        assert response.status_code == 404
        assert "missing from the portal" in response.content.decode()
    assert staff_client.get(reverse("reporting:staff_preview", args=[run.pk])).status_code == 404
    assert staff_client.get(reverse("reporting:staff_download", args=[run.pk, "pdf"])).status_code == 404


def test_staff_report_pages_show_named_filters_human_parameters_and_per_kind_fields(staff_client):
    from grants.models import FundingRound
    from reporting.models import ReportRun

    ReportRun.objects.create(
        kind="final",
        funding_round=FundingRound.objects.get(slug="clep-2021"),
        parameters={"period_start": "2021-10-01", "period_end": "2023-09-30"},
    )
    html = staff_client.get(reverse("reporting:staff_reports")).content.decode()
    assert "---------" not in html and "Unknown" not in html
    assert "Period: 1 Oct 2021 – 30 Sep 2023" in html and "period_start" not in html
    generate = staff_client.get(reverse("reporting:staff_generate"), {"kind": "preliminary"}).content.decode()
    assert 'data-kinds="final biennial" hidden' in generate  # the period, not for a preliminary report
    assert '<div data-kinds="preliminary">' in generate
    assert "?kind=final" in generate  # the no-JavaScript way to choose the kind's fields
