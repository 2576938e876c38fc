"""The preliminary report's selection section lists the decisions made out of rank order with their rationale
(issue 14), from the ranking page's ranks and grants.rank_order's rule; the data download has them too."""

import csv
import io
import zipfile

import pytest

from grants.selectors.awards import rank_order_departures
from grants.selectors.reviews import rank_positions
from grants.services import awards as award_services
from reporting.figures import build_report
from reporting.render import render_html, report_context
from reporting.tables import tables_zip
from tests.factories import ApplicationFactory, ReviewerFactory, scored_review

pytestmark = pytest.mark.django_db

PRELIMINARY = {"as_of": "2021-12-15"}
RATIONALE = "Only applicant serving Pierce County; the listed area needs a grantee."


def _scored(application, reviewer, fraction):
    scored_review(application, reviewer, fraction)


@pytest.fixture
def ranked(pilot, media):
    """Two eligible, scored applications of the pilot: R-1 ranked first, R-2 second."""
    reviewer = ReviewerFactory()
    top = ApplicationFactory(funding_round=pilot, reference="R-1", counties=["King"])
    low = ApplicationFactory(funding_round=pilot, reference="R-2", counties=["Pierce"])
    _scored(top, reviewer, 1)
    _scored(low, reviewer, 0.5)
    return top, low


def selection_section(report, funding_round):
    html = render_html(report_context(report, {}, funding_round))
    start = html.index('<section id="recipients"')
    return html[start : html.index("</section>", start)]


def test_an_award_out_of_rank_order_shows_its_rationale_and_reference_in_the_selection_section(
    ranked, program_manager
):
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    award_services.record_decision(
        low, by=program_manager, outcome="award", amount="50000", rationale=RATIONALE
    )
    report = build_report("preliminary", top.funding_round, PRELIMINARY)

    section = selection_section(report, top.funding_round)
    assert "Decisions made out of rank order" in section
    assert "2 decisions depart from the rank order." in section
    table = section[section.index('<table class="data-table">') :]
    assert "<caption>Decisions made out of rank order, with the rationale recorded</caption>" in table
    assert '<th scope="col">Rationale</th>' in table
    # Ranks are the ranking page's; the award passes over the better-ranked decline, which passes over it.
    ranks = rank_positions(top.funding_round)
    assert (ranks[top.pk], ranks[low.pk]) == (1, 2)
    assert report.selection.departures_table.rows == (
        ("R-1", top.organization.legal_name, 1, "Declined", "R-2 (#2)", "Recorded with the decision on R-2"),
        ("R-2", low.organization.legal_name, 2, "Funded", "R-1 (#1)", RATIONALE),
    )
    assert '<th scope="row">R-2</th>' in table and RATIONALE in table
    assert "Every decision followed the rank order." not in section


def test_decisions_in_rank_order_give_one_sentence_and_no_table(ranked, program_manager):
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="award", amount="50000")
    award_services.record_decision(low, by=program_manager, outcome="decline", reason="Budget reached")
    report = build_report("preliminary", top.funding_round, PRELIMINARY)

    assert report.selection.departures == []
    section = selection_section(report, top.funding_round)
    assert "Every decision followed the rank order." in section
    assert "with the rationale recorded" not in section


def test_the_data_download_has_the_rationale(ranked, program_manager):
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    award_services.record_decision(
        low, by=program_manager, outcome="award", amount="50000", rationale=RATIONALE
    )
    report = build_report("preliminary", top.funding_round, PRELIMINARY)

    with zipfile.ZipFile(io.BytesIO(tables_zip(report.tables))) as bundle:
        (name,) = [n for n in bundle.namelist() if n.endswith("-decisions-out-of-rank-order.csv")]
        rows = list(csv.DictReader(io.StringIO(bundle.read(name).decode())))
    assert [(r["Application"], r["Rank"], r["Decision"], r["Rationale"]) for r in rows] == [
        ("R-1", "1", "Declined", "Recorded with the decision on R-2"),
        ("R-2", "2", "Funded", RATIONALE),
    ]


def test_a_decision_no_longer_out_of_order_leaves_the_table(ranked, program_manager):
    """The rule is applied to the decisions as they stand: a changed decision can end a departure."""
    top, low = ranked
    award_services.record_decision(top, by=program_manager, outcome="decline", reason="Budget unclear")
    award_services.record_decision(
        low, by=program_manager, outcome="award", amount="50000", rationale=RATIONALE
    )
    award_services.record_decision(top, by=program_manager, outcome="award", amount="40000")
    assert rank_order_departures(top.funding_round) == []


def test_departures_take_a_fixed_number_of_queries(pilot, program_manager, django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    applications = [ApplicationFactory(funding_round=pilot, reference=f"Q-{n:02d}") for n in range(12)]
    for number, application in enumerate(applications):
        _scored(application, reviewer, 1 - number / 20)
    for application in applications[:6]:  # the best six declined first, then the rest funded out of order
        award_services.record_decision(application, by=program_manager, outcome="decline", reason="No")
    for application in applications[6:9]:
        award_services.record_decision(
            application, by=program_manager, outcome="award", amount="10000", rationale="Coverage"
        )
    with django_assert_max_num_queries(8):
        departures = rank_order_departures(pilot)
    assert [d.reference for d in departures] == [f"Q-{n:02d}" for n in range(9)]


def test_the_demo_preliminary_report_lists_the_demo_s_declines_out_of_rank_order(pilot, media):
    from grants.demo import accounts as demo_accounts
    from grants.demo import applications as demo_applications
    from grants.demo import awards as demo_awards
    from reporting.demo import REPORTS

    demo_accounts.load_accounts()
    demo_applications.load()
    demo_awards.load()
    report = build_report("preliminary", pilot, dict(REPORTS)["preliminary"])

    table = report.selection.departures_table
    assert table.rows
    declines = [row for row in table.rows if row[3] == "Declined"]
    assert declines and all(
        row[5].startswith("Lower-ranked applications were funded first") for row in declines
    )
    section = selection_section(report, pilot)
    assert "Every decision followed the rank order." not in section
    assert "Lower-ranked applications were funded first" in section
