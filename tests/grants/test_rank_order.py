"""Ranking and decisions: a decision out of rank order needs a rationale, shown in the ranking and the decision
record; a single review has no spread; the county filter lists only the round's counties."""

import pytest
from django.urls import reverse

from grants.models import AwardDecision
from grants.rank_order import passed_over
from grants.services import ServiceError
from grants.services import awards as award_services
from tests.factories import ApplicationFactory, ReviewerFactory, scored_review

SLUG = "clep-2021"


def test_an_award_passes_over_better_ranked_declines_and_a_decline_passes_over_worse_ranked_awards():
    ranks = {1: 1, 2: 2, 3: 3, 4: 4}
    assert passed_over(3, "award", ranks, {1: "decline", 2: "award", 4: "decline"}) == [1]
    assert passed_over(2, "decline", ranks, {1: "award", 3: "award", 4: "award"}) == [3, 4]
    assert passed_over(1, "award", ranks, {2: "decline"}) == []
    assert passed_over(9, "award", ranks, {1: "decline"}) == []  # unranked


def _scored(application, reviewer, fraction):
    scored_review(application, reviewer, fraction)


@pytest.fixture
def ranked(db):
    reviewer = ReviewerFactory()
    top = ApplicationFactory(reference="R-1", counties=["King"])
    low = ApplicationFactory(reference="R-2", counties=["Pierce"])
    _scored(top, reviewer, 1)
    _scored(low, reviewer, 0.5)
    return top, low


def test_funding_a_lower_ranked_application_over_a_declined_one_needs_a_rationale(
    ranked, program_manager, staff_client
):
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    with pytest.raises(ServiceError, match="departs from the ranking order"):
        award_services.record_decision(low, by=program_manager, outcome="award", amount="50000")
    award_services.record_decision(
        low, by=program_manager, outcome="award", amount="50000", rationale="Only applicant in Pierce County"
    )
    assert AwardDecision.objects.get(application=low).rationale == "Only applicant in Pierce County"
    ranking = staff_client.get(reverse("grants:staff_ranking", args=[SLUG])).content.decode()
    assert "Only applicant in Pierce County" in ranking
    assert reverse("grants:staff_application_detail", args=[top.pk]) in ranking
    record = staff_client.get(reverse("grants:staff_decisions", args=[SLUG])).content.decode()
    assert "Only applicant in Pierce County" in record


def test_the_decision_page_refuses_without_rationale_and_keeps_what_was_typed(
    ranked, program_manager, staff_client
):
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    response = staff_client.post(
        reverse("grants:staff_decide", args=[SLUG, low.pk]), {"outcome": "award", "amount": "42000"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "give the rationale" in html and "42000" in html
    assert not AwardDecision.objects.filter(application=low).exists()


def test_one_review_has_no_spread_and_the_county_filter_lists_the_round_counties(ranked, staff_client):
    response = staff_client.get(reverse("grants:staff_ranking", args=[SLUG]))
    rows = list(response.context["page"].object_list)
    assert [row.spread for row in rows] == [None, None]
    assert [row.rank for row in rows] == [1, 2]
    counties = [c.name for c in response.context["filter"].filters["county"].queryset]
    assert "King" in counties and "Adams" not in counties and len(counties) < 39


def test_ranking_is_paginated(db, staff_client):
    for index in range(30):
        ApplicationFactory(reference=f"P-{index:02d}")
    response = staff_client.get(reverse("grants:staff_ranking", args=[SLUG]))
    assert len(response.context["page"].object_list) == 25
    assert "Page 1 of 2" in response.content.decode()


def test_dashboard_of_an_empty_round_is_an_empty_state_not_rows_of_zeros(db, staff_client):
    html = staff_client.get(reverse("grants:round_dashboard", args=["clep-2023"])).content.decode()
    assert "No application has been submitted to this round yet." in html
    assert "Submitted applications by county" not in html


def test_the_light_ranking_index_agrees_with_the_full_ranking(db):
    from grants.selectors.reviews import ranking, ranking_index

    reviewers = ReviewerFactory.create_batch(2)
    for index in range(8):
        application = ApplicationFactory(reference=f"X-{index}")
        for number, reviewer in enumerate(reviewers[: 1 + index % 2]):
            _scored(application, reviewer, ((index * 3 + number * 5) % 10) / 10)
    pilot = application.funding_round
    rows, _criteria = ranking(pilot)
    full = {r.application.pk: (r.average, r.spread, r.rank, r.review_count) for r in rows}
    light = {k.pk: (k.average, k.spread, k.rank, k.review_count) for k in ranking_index(pilot)}
    assert full == light


def test_ranking_csv_has_one_line_per_review_with_rank_and_rationale(ranked, program_manager, staff_client):
    import csv
    import io

    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    award_services.record_decision(
        low, by=program_manager, outcome="award", amount="50000", rationale="Coverage"
    )
    response = staff_client.get(reverse("grants:staff_ranking", args=[SLUG]), {"format": "csv"})
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["rank"], r["reference"], r["decision"], r["rationale"]) for r in table] == [
        ("1", "R-1", "decline", ""),
        ("2", "R-2", "award", "Coverage"),
    ]
    assert all(r["reviewer"] and r["reviewer_total"] for r in table)
