"""Review and award pages: every view against every role, and rules that crafted POSTs cannot bypass."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Award, AwardDecision, ReviewAssignment, RubricCriterion, Score
from grants.services import awards as award_services
from grants.services import reviews as review_services
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    AwardFactory,
    EligibilityOverrideFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
    UserFactory,
    activate_totp,
    funding_round,
)

pytestmark = pytest.mark.django_db

SLUG = "clep-2021"


def rubric():
    return list(RubricCriterion.objects.filter(funding_round__slug=SLUG).order_by("order"))


@pytest.fixture
def world(program_manager, reviewer):
    application = ApplicationFactory(reference="CLEP21-001")
    assignment = ReviewAssignmentFactory(
        application=application, reviewer=reviewer, assigned_by=program_manager
    )
    award = AwardFactory()
    return {"application": application, "assignment": assignment, "award": award}


def staff_urls(world):
    app, assignment, award = world["application"], world["assignment"], world["award"]
    return [
        reverse("grants:staff_review_home"),
        reverse("grants:staff_rubric", args=[SLUG]),
        reverse("grants:staff_assignments", args=[SLUG]),
        reverse("grants:staff_reviewer_load", args=[SLUG]),
        reverse("grants:staff_reopen", args=[SLUG, assignment.pk]),
        reverse("grants:staff_ranking", args=[SLUG]),
        reverse("grants:staff_ranking", args=[SLUG]) + "?format=csv",
        reverse("grants:staff_decisions", args=[SLUG]),
        reverse("grants:staff_decide", args=[SLUG, app.pk]),
        reverse("grants:staff_coverage", args=[SLUG]),
        reverse("grants:staff_coverage", args=["clep-2023"]),
        reverse("grants:staff_finalize", args=[SLUG]),
        reverse("grants:staff_awards", args=[SLUG]),
        reverse("grants:staff_awards", args=[SLUG]) + "?format=csv",
        reverse("grants:staff_award_detail", args=[award.pk]),
        reverse("grants:staff_award_amend", args=[award.pk]),
    ]


STAFF_POST_ONLY = ["grants:staff_unassign", "grants:staff_award_status"]


def test_staff_pages_open_for_program_managers(staff_client, world):
    for url in staff_urls(world):
        assert staff_client.get(url).status_code == 200, url


def test_staff_pages_refuse_anonymous_applicants_reviewers_and_grantees(client, world, reviewer):
    grantee = MembershipFactory(organization=world["award"].organization).user
    for url in staff_urls(world):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
        for user in (UserFactory(), reviewer, grantee):
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user.role)
    client.force_login(UserFactory())
    assert (
        client.post(reverse("grants:staff_unassign", args=[SLUG, world["assignment"].pk])).status_code == 403
    )
    assert (
        client.post(
            reverse("grants:staff_award_status", args=[world["award"].pk]), {"status": "closed"}
        ).status_code
        == 403
    )
    assert ReviewAssignment.objects.filter(pk=world["assignment"].pk).exists()


def test_staff_without_mfa_are_sent_to_set_it_up(client, world):
    from tests.factories import ProgramManagerFactory

    client.force_login(ProgramManagerFactory())
    response = client.get(reverse("grants:staff_ranking", args=[SLUG]))
    assert response.status_code == 302 and "totp" in response.url


def test_unknown_rounds_and_objects_are_404(staff_client, world):
    assert staff_client.get(reverse("grants:staff_ranking", args=["nope"])).status_code == 404
    assert staff_client.get(reverse("grants:staff_award_detail", args=[999999])).status_code == 404
    assert (
        staff_client.get(
            reverse("grants:staff_decide", args=["clep-2023", world["application"].pk])
        ).status_code
        == 404
    )


def test_reviewer_pages_for_every_role(client, world, reviewer, program_manager):
    home = reverse("grants:reviewer_home")
    review = reverse("grants:reviewer_review", args=[world["assignment"].pk])
    autosave = reverse("grants:reviewer_autosave", args=[world["assignment"].pk])
    response = client.get(home)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(UserFactory())
    assert client.get(home).status_code == 403 and client.get(review).status_code == 403
    client.force_login(reviewer)
    assert world["application"].reference in client.get(home).content.decode()
    assert client.get(review).status_code == 200
    other = ReviewerFactory()
    activate_totp(other)
    client.force_login(other)
    assert world["application"].reference not in client.get(home).content.decode()
    assert client.get(review).status_code == 404
    assert client.post(autosave, {}).status_code == 404
    client.force_login(program_manager)  # managers review too, but only their own assignments
    assert client.get(home).status_code == 200
    assert client.get(review).status_code == 404


def test_dashboard_sends_reviewers_to_their_reviews(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("grants:dashboard")).url == reverse("grants:reviewer_home")


def test_reviewer_declares_before_seeing_the_application(client, world, reviewer):
    client.force_login(reviewer)
    url = reverse("grants:reviewer_review", args=[world["assignment"].pk])
    page = client.get(url).content.decode()
    assert "Conflict of interest" in page and world["application"].project_summary not in page
    response = client.post(url, {"has_conflict": "no"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Your scores" in page


def test_a_recused_reviewer_can_neither_see_nor_score(client, world, reviewer):
    client.force_login(reviewer)
    url = reverse("grants:reviewer_review", args=[world["assignment"].pk])
    client.post(url, {"has_conflict": "yes", "explanation": "I sit on their board"})
    assignment = ReviewAssignment.objects.get(pk=world["assignment"].pk)
    assert assignment.status == "recused" and assignment.declared_at
    page = client.get(url).content.decode()
    assert "recused" in page and world["application"].project_summary not in page
    data = {f"score_{c.pk}": c.max_score for c in rubric()}
    client.post(url, {**data, "action": "submit"})
    client.post(reverse("grants:reviewer_autosave", args=[assignment.pk]), data)
    assert not Score.objects.filter(assignment=assignment).exists()


def _declare(client, reviewer, assignment):
    client.force_login(reviewer)
    client.post(reverse("grants:reviewer_review", args=[assignment.pk]), {"has_conflict": "no"})


def test_autosave_saves_valid_scores_and_announces_it(client, world, reviewer):
    assignment = world["assignment"]
    _declare(client, reviewer, assignment)
    first, second = rubric()[:2]
    response = client.post(
        reverse("grants:reviewer_autosave", args=[assignment.pk]),
        {f"score_{first.pk}": "7", f"comment_{first.pk}": "Strong", f"score_{second.pk}": "99"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "Saved automatically" in text and second.label in text
    assert Score.objects.get(assignment=assignment, criterion=first).score == 7
    assert not Score.objects.filter(assignment=assignment, criterion=second, score__isnull=False).exists()


def test_submit_through_the_form_needs_every_score_then_locks(client, world, reviewer):
    assignment = world["assignment"]
    _declare(client, reviewer, assignment)
    url = reverse("grants:reviewer_review", args=[assignment.pk])
    criteria = rubric()
    partial = {f"score_{criteria[0].pk}": "5", "action": "submit"}
    response = client.post(url, partial)
    assert response.status_code == 200 and "Score every criterion" in response.content.decode()
    full = {f"score_{c.pk}": str(c.max_score) for c in criteria}
    assert client.post(url, {**full, "action": "submit"}).status_code == 302
    assert ReviewAssignment.objects.get(pk=assignment.pk).status == "submitted"
    client.post(url, {**{f"score_{c.pk}": "0" for c in criteria}, "action": "save"})
    client.post(reverse("grants:reviewer_autosave", args=[assignment.pk]), {f"score_{criteria[0].pk}": "0"})
    assert Score.objects.get(assignment=assignment, criterion=criteria[0]).score == criteria[0].max_score


def test_staff_assign_in_bulk_and_unassign_through_the_pages(staff_client, reviewer):
    applications = ApplicationFactory.create_batch(3)
    ineligible = ApplicationFactory(organization__org_type="for_profit")
    url = reverse("grants:staff_assignments", args=[SLUG])
    response = staff_client.post(
        url, {"applications": [a.pk for a in applications], "reviewers": [reviewer.pk]}
    )
    assert response.status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 3
    # A crafted POST naming an ineligible application is refused by the form's choices.
    response = staff_client.post(url, {"applications": [ineligible.pk], "reviewers": [reviewer.pk]})
    assert response.status_code == 200
    assert not ReviewAssignment.objects.filter(application=ineligible).exists()
    assignment = ReviewAssignment.objects.filter(reviewer=reviewer).first()
    staff_client.post(reverse("grants:staff_unassign", args=[SLUG, assignment.pk]))
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == 2


def test_reopen_through_the_page_records_the_reason(staff_client, world, reviewer):
    assignment = world["assignment"]
    review_services.declare_conflict(assignment, by=reviewer, has_conflict=False)
    review_services.save_scores(assignment, by=reviewer, scores={c.pk: (1, "") for c in rubric()})
    review_services.submit_review(assignment, by=reviewer)
    url = reverse("grants:staff_reopen", args=[SLUG, assignment.pk])
    assert staff_client.post(url, {"reason": ""}).status_code == 200
    assert staff_client.post(url, {"reason": "Typo in a score"}).status_code == 302
    assert ReviewAssignment.objects.get(pk=assignment.pk).status == "in_progress"


def _reviewed(application, reviewers, values):
    for reviewer, value in zip(reviewers, values, strict=True):
        assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
        review_services.declare_conflict(assignment, by=reviewer, has_conflict=False)
        review_services.save_scores(
            assignment, by=reviewer, scores={c.pk: (value(c), "fine") for c in rubric()}
        )
        review_services.submit_review(assignment, by=reviewer)


def test_ranking_page_sorts_filters_flags_and_exports_every_score(
    staff_client, django_assert_max_num_queries
):
    reviewers = ReviewerFactory.create_batch(2)
    for index in range(15):
        application = ApplicationFactory(
            reference=f"R-{index:02d}", counties=["King" if index % 2 else "Pierce"]
        )
        _reviewed(
            application, reviewers, [lambda c: c.max_score, lambda c, i=index: c.max_score * (i % 3) // 2]
        )
    url = reverse("grants:staff_ranking", args=[SLUG])
    with django_assert_max_num_queries(25):
        response = staff_client.get(url)
    page = response.content.decode()
    assert "Reviewers disagree" in page
    with django_assert_max_num_queries(25):
        king = staff_client.get(url, {"county": "53033", "sort": "reference"})
    rows = king.context["page"].object_list  # paginated since the ranking no longer renders every application
    assert rows and all("King" in r.county_names for r in rows)
    assert [r.application.reference for r in rows] == sorted(r.application.reference for r in rows)
    export = staff_client.get(url, {"format": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))  # streamed
    assert len(table) == 1 + 15 * 2
    header = table[0]
    assert all(any(h.startswith(c.code) for h in header) for c in rubric())


def test_decision_rules_hold_against_crafted_posts(staff_client, program_manager):
    ineligible = ApplicationFactory(organization__org_type="for_profit")
    url = reverse("grants:staff_decide", args=[SLUG, ineligible.pk])
    response = staff_client.post(url, {"outcome": "award", "amount": "50000"})
    assert "not eligible" in response.content.decode()
    assert not AwardDecision.objects.filter(application=ineligible).exists()

    overridden = ApplicationFactory(organization__org_type="for_profit")
    EligibilityOverrideFactory(application=overridden, reason="Registered as a nonprofit in May")
    page = staff_client.get(reverse("grants:staff_decide", args=[SLUG, overridden.pk])).content.decode()
    assert "Registered as a nonprofit in May" in page

    application = ApplicationFactory(requested_amount=Decimal("80000"))
    url = reverse("grants:staff_decide", args=[SLUG, application.pk])
    response = staff_client.post(url, {"outcome": "award", "amount": "90000"})
    assert "give a reason" in response.content.decode()
    response = staff_client.post(url, {"outcome": "award", "amount": "2000000", "reason": "Big"})
    assert "budget" in response.content.decode()
    for _ in range(15):
        AwardDecisionFactory(amount=Decimal("1000"))
    response = staff_client.post(url, {"outcome": "award", "amount": "1000"})
    assert "at most 15" in response.content.decode()
    assert not AwardDecision.objects.filter(application=application).exists()
    response = staff_client.post(url, {"outcome": "decline", "reason": "Lower ranked"})
    assert response.status_code == 302


def test_finalize_through_the_pages_and_nothing_changes_afterwards(staff_client, program_manager):
    url = reverse("grants:staff_finalize", args=[SLUG])
    applications = [ApplicationFactory(reference=f"CLEP21-{n:03d}") for n in range(1, 13)]
    for application in applications[:11]:
        award_services.record_decision(application, by=program_manager, outcome="award", amount="100000")
    response = staff_client.post(url, follow=True)
    assert "at least 12" in response.content.decode()
    assert not Award.objects.exists()
    award_services.record_decision(applications[11], by=program_manager, outcome="award", amount="100000")
    assert "Yes, finalize" in staff_client.get(url).content.decode()
    response = staff_client.post(url)
    assert response.status_code == 302
    assert Award.objects.count() == 12
    assert funding_round().decisions_finalized_by == program_manager
    response = staff_client.post(
        reverse("grants:staff_decide", args=[SLUG, applications[0].pk]), {"outcome": "decline", "reason": "x"}
    )
    assert "final" in response.content.decode()
    assert AwardDecision.objects.get(application=applications[0]).outcome == "award"
    staff_client.post(url)
    assert Award.objects.count() == 12


def test_coverage_page_counts_counties_and_draws_an_accessible_map(staff_client, program_manager):
    # Listed areas are split into their counties (issue 10): 12 areas, 14 counties.
    king = ApplicationFactory(counties=["King"])
    ApplicationFactory(counties=["Chelan", "Douglas"])
    award_services.record_decision(king, by=program_manager, outcome="award", amount="100000")
    response = staff_client.get(reverse("grants:staff_coverage", args=[SLUG]))
    units = {u.name: u for u in response.context["units"]}
    assert len(units) == 14
    assert (units["King"].applications, units["King"].awards, units["King"].dollars) == (
        1,
        1,
        Decimal("100000.00"),
    )
    assert units["Chelan"].eligible == 1 and units["Chelan"].has_no_award
    assert units["Douglas"].areas == ["Chelan-Douglas"]
    page = response.content.decode()
    assert 'role="img"' in page and 'aria-labelledby="map-title map-desc"' in page
    assert page.count('class="map-county') >= 39
    assert "13 eligible counties have no award" in page
    statewide = staff_client.get(reverse("grants:staff_coverage", args=["clep-2023"]))
    assert len(statewide.context["units"]) == 39


def test_amend_and_status_through_the_pages(staff_client, program_manager):
    award = AwardFactory()
    url = reverse("grants:staff_award_amend", args=[award.pk])
    assert staff_client.post(url, {"amount": "120000"}).status_code == 200  # the reason is required
    assert staff_client.post(url, {"amount": "120000", "reason": "Added a county"}).status_code == 302
    award.refresh_from_db()
    assert award.amount == Decimal("120000.00") and award.amendments.count() == 1
    status = reverse("grants:staff_award_status", args=[award.pk])
    assert staff_client.post(status, {"status": "closed", "reason": ""}).status_code == 200
    assert staff_client.post(status, {"status": "closed", "reason": "Work completed"}).status_code == 302
    page = staff_client.get(reverse("grants:staff_award_detail", args=[award.pk])).content.decode()
    assert "Added a county" in page and "Closed" in page


def test_applicants_see_final_decisions_on_their_home_page(client, program_manager):
    member = MembershipFactory()
    application = ApplicationFactory(organization=member.organization)
    other = ApplicationFactory()
    award_services.record_decision(application, by=program_manager, outcome="award", amount="75000")
    award_services.record_decision(other, by=program_manager, outcome="decline", reason="Secret reason")
    client.force_login(member.user)
    assert "Funding decisions" not in client.get(reverse("grants:applicant_home")).content.decode()
    funding_round_ = funding_round()
    funding_round_.min_awards = 1
    funding_round_.save()
    award_services.finalize_decisions(funding_round_, by=program_manager)
    page = client.get(reverse("grants:applicant_home")).content.decode()
    assert "Funding decisions" in page and "CLEP-21-001" in page and "$75,000.00" in page
    assert "Secret reason" not in page


def test_awards_list_filters_and_exports(staff_client, django_assert_max_num_queries):
    for number in range(1, 13):
        AwardFactory(
            contract_number=f"CLEP-21-{number:03d}",
            application=ApplicationFactory(counties=["King" if number % 2 else "Clark"]),
            status="closed" if number == 5 else "active",
        )
    url = reverse("grants:staff_awards", args=[SLUG])
    with django_assert_max_num_queries(12):
        response = staff_client.get(url)
    assert response.content.decode().count("CLEP-21-0") >= 12
    assert [a.contract_number for a in staff_client.get(url, {"status": "closed"}).context["awards"]] == [
        "CLEP-21-005"
    ]
    king = b"".join(staff_client.get(url, {"county": "53033", "format": "csv"}).streaming_content).decode()
    assert king.count("CLEP-21-") == 6 and "Clark" not in king


@pytest.mark.parametrize("language", ["es", "tl"])
def test_pages_render_in_every_language(staff_client, world, language):
    staff_client.cookies["django_language"] = language
    for url in staff_urls(world):
        assert staff_client.get(url).status_code == 200, url


def test_decisions_list_exports_csv_in_constant_queries(
    staff_client, program_manager, django_assert_max_num_queries
):
    for number in range(12):
        application = ApplicationFactory(reference=f"D-{number:02d}")
        award_services.record_decision(
            application, by=program_manager, outcome="decline", reason=f"Reason {number}"
        )
    url = reverse("grants:staff_decisions", args=[SLUG])
    with django_assert_max_num_queries(15):
        staff_client.get(url)
    with django_assert_max_num_queries(15):
        streamed = staff_client.get(url, {"format": "csv"}).streaming_content
        rows = list(csv.reader(io.StringIO(b"".join(streamed).decode())))
    assert len(rows) == 13 and rows[1][5] == "decline" and rows[1][7] == "Reason 0"


def test_unassign_reason_is_kept_in_the_history(staff_client, world):
    assignment = world["assignment"]
    staff_client.post(reverse("grants:staff_unassign", args=[SLUG, assignment.pk]), {"reason": "Workload"})
    assert (
        "Workload" in ReviewAssignment.history.get(id=assignment.pk, history_type="-").history_change_reason
    )


def test_bad_input_never_breaks_a_page(staff_client, world, reviewer, client):
    ranking = reverse("grants:staff_ranking", args=[SLUG])
    for params in ({"county": "zzz"}, {"eligibility": "maybe"}, {"sort": "drop table"}, {"decision": "x"}):
        assert staff_client.get(ranking, params).status_code == 200, params
    decide = reverse("grants:staff_decide", args=[SLUG, world["application"].pk])
    response = staff_client.post(decide, {"outcome": "award", "amount": "lots"})
    assert response.status_code == 200 and not AwardDecision.objects.exists()
    assert 'value="lots"' in response.content.decode()
    amend = reverse("grants:staff_award_amend", args=[world["award"].pk])
    response = staff_client.post(amend, {"period_start": "2099-01-01", "reason": "Moved"})
    assert response.status_code == 200 and "must end after it starts" in response.content.decode()
    assert staff_client.post(amend, {"period_end": "not a date", "reason": "x"}).status_code == 200
    client.force_login(reviewer)
    review_services.declare_conflict(world["assignment"], by=reviewer, has_conflict=False)
    autosave = reverse("grants:reviewer_autosave", args=[world["assignment"].pk])
    first = rubric()[0]
    response = client.post(autosave, {f"score_{first.pk}": "abc", "overall_comment": "Good"})
    assert response.status_code == 200 and first.label in response.content.decode()
    assert client.get(autosave).status_code == 405


def test_removing_an_assignment_returns_to_the_filtered_page_and_never_off_site(staff_client, reviewer):
    first, second = ApplicationFactory.create_batch(2)
    staff_client.post(
        reverse("grants:staff_assignments", args=[SLUG]),
        {"applications": [first.pk, second.pk], "reviewers": [reviewer.pk]},
    )
    one, other = ReviewAssignment.objects.filter(reviewer=reviewer).order_by("pk")
    filtered = reverse("grants:staff_assignments", args=[SLUG]) + "?county=53077&page=1"
    response = staff_client.post(
        reverse("grants:staff_unassign", args=[SLUG, one.pk]), {"reason": "Wrong reviewer", "next": filtered}
    )
    assert response.status_code == 302 and response["Location"] == filtered
    response = staff_client.post(
        reverse("grants:staff_unassign", args=[SLUG, other.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("grants:staff_assignments", args=[SLUG])
    assert not ReviewAssignment.objects.filter(reviewer=reviewer).exists()
