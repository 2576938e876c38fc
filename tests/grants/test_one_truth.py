"""One truth (issue 10): every surface shows the read model's number for each figure.

The scenario (tests/grants/figures_scenario.py) has imported quarters, a report returned then resubmitted late,
a report returned and not resubmitted, missing quarters, a terminated award, a two-county area and a statewide
round. Each figure is read from the grantee's progress page, the staff board, the staff CSV exports, the coverage
page and its map, the PDF's data tables and the ``program_figures`` command, and compared with the read model.
"""

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.selectors import figures
from reporting.figures import build_report
from tests.grants import figures_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(monkeypatch):
    return figures_scenario.build(monkeypatch)


@pytest.fixture
def truth(scenario):
    return figures.figures_as_json(figures.program_figures(scenario.round))


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def _table(report, key):
    table = next(t for t in report.tables if t.key == key)
    return list(csv.reader(io.StringIO(table.csv_text())))


def _command(*args):
    out = io.StringIO()
    call_command("program_figures", *args, stdout=out)
    return json.loads(out.getvalue())


def _money(text):
    return Decimal(text.replace("$", "").replace(",", ""))


def test_the_command_prints_the_read_model(scenario, truth):
    assert _command("--round", "clep-2021", "--format", "json") == truth
    alpha = next(a for a in truth["awards"] if a["contract_number"] == scenario.alpha.contract_number)
    # The figures the issue names, as the read model gives them.
    assert alpha["metrics"]["dialogue_sessions"] == "23"
    assert alpha["expended"] == "35000.00"
    assert alpha["quarters"]["2022-Q2"] == "on_time" and alpha["quarters"]["2021-Q4"] == "on_time"
    assert truth["completeness"] == {
        "due": 24,
        "on_time": 5,
        "late": 1,
        "returned": 1,
        "missing": 17,
        "not_yet_due": 0,
    }


def test_grantee_progress_page_shows_the_read_models_quarters_and_goal(scenario, truth):
    client = Client()
    client.force_login(scenario.member)
    response = client.get(reverse("grants:quarterly_progress", args=[scenario.alpha.pk]))
    assert response.status_code == 200
    quarters = response.context["quarter_labels"]
    alpha = next(a for a in truth["awards"] if a["contract_number"] == scenario.alpha.contract_number)
    assert quarters == list(alpha["quarters"])
    rows = {row["metric"].code: row["cells"] for row in response.context["table"]}
    sessions = [Decimal(c) for c in rows["dialogue_sessions"] if c]
    spent = [Decimal(c.replace(",", "")) for c in rows["expenditures"] if c]
    assert sum(sessions) == Decimal(alpha["metrics"]["dialogue_sessions"])
    assert sum(spent) == Decimal(alpha["expended"])
    # The yearly goal: the latest award year's total (2023-Q1: 4), as in the PDF's goal table.
    (goal,) = [item["goal"] for item in response.context["goals"]]
    assert goal.latest == Decimal("4")
    report = build_report("final", scenario.round, {"as_of": timezone.localdate().isoformat()})
    goal_rows = [
        row for row in _table(report, "progress-against-goals")[1:] if row[0] == alpha["organization"]
    ]
    assert Decimal(goal_rows[0][4]) == goal.latest


def test_staff_board_and_exports_show_the_read_models_figures(scenario, truth, staff_client):
    page = staff_client.get(reverse("grants:staff_submissions"), {"round": "clep-2021"}).content.decode()
    shown = dict(re.findall(r'data-figure="(\w+)">(\d+)<', page))
    assert {key: int(value) for key, value in shown.items()} == truth["completeness"]
    late = staff_client.get(reverse("grants:staff_submissions"), {"round": "clep-2021", "late": "yes"})
    assert late.context["page"].paginator.count == truth["completeness"]["late"]
    on_time = staff_client.get(reverse("grants:staff_submissions"), {"round": "clep-2021", "late": "no"})
    assert on_time.context["page"].paginator.count == truth["completeness"]["on_time"]

    export = staff_client.get(reverse("grants:staff_submissions_export"), {"round": "clep-2021"})
    totals = defaultdict(Decimal)
    for row in _csv(export.content.decode()):
        if row["metric"] in ("dialogue_sessions", "expenditures"):
            totals[(row["contract_number"], row["metric"])] += Decimal(row["value"].replace(",", ""))
    for award in truth["awards"]:
        for code, total in award["metrics"].items():
            assert totals[(award["contract_number"], code)] == Decimal(total)

    by_award = staff_client.get(reverse("grants:staff_figures_export"), {"round": "clep-2021"})
    rows = {row["contract_number"]: row for row in _csv(by_award.content.decode())}
    for award in truth["awards"]:
        row = rows[award["contract_number"]]
        assert (row["amount"], row["expended"], row["status"]) == (
            award["amount"],
            award["expended"],
            award["status"],
        )
        assert {code: row[code] for code in award["metrics"]} == award["metrics"]
        assert {label: row[label] for label in award["quarters"]} == award["quarters"]


@pytest.mark.parametrize("slug", ["clep-2021", "clep-2023"])
def test_coverage_page_map_and_pdf_show_the_read_models_coverage(scenario, staff_client, slug):
    truth = _command("--round", slug)
    expected = {row["county"]: (row["awards"], Decimal(row["amount"])) for row in truth["coverage"]}
    response = staff_client.get(reverse("grants:staff_coverage", args=[slug]))
    page = {u.name: (u.awards, u.dollars) for u in response.context["units"]}
    assert page == expected
    html = response.content.decode()
    fips = {row.fips: row.name for row in response.context["units"]}
    drawn = dict(re.findall(r'data-fips="(\d+)" data-awards="(\d+)"', html))
    for code, county in fips.items():
        assert int(drawn[code]) == expected[county][0]
    report = build_report("preliminary", figures_scenario.funding_round(slug), {})
    pdf = {row[0]: (int(row[2]), Decimal(row[3])) for row in _table(report, "coverage")[1:]}
    assert pdf == expected


def test_pdf_data_tables_show_the_read_models_figures(scenario, truth):
    report = build_report("final", scenario.round, {"as_of": timezone.localdate().isoformat()})
    grantees = {row[0]: row for row in _table(report, "grantees-and-funds")[1:]}
    for award in truth["awards"]:
        row = grantees[award["organization"]]
        # Grantee, Awarded, Paid (invoices), Self-reported, Spent, Share spent, Spent is
        assert (Decimal(row[1]), Decimal(row[2]), Decimal(row[3])) == (
            Decimal(award["amount"]),
            Decimal(award["paid"]),
            Decimal(award["expended"]),
        )
    assert Decimal(grantees["Total"][1]) == Decimal(truth["totals"]["awarded"])
    assert Decimal(grantees["Total"][2]) == Decimal(truth["totals"]["paid"])
    assert Decimal(grantees["Total"][3]) == Decimal(truth["totals"]["expended"])

    activity = {row[1]: row for row in _table(report, "activity-totals")[1:]}
    (sessions,) = [row for label, row in activity.items() if "ialogue" in label]
    assert Decimal(sessions[2]) == Decimal(truth["totals"]["metrics"]["dialogue_sessions"])

    completeness = _table(report, "data-completeness")
    keys = ["due", "on_time", "late", "returned", "missing", "not_yet_due"]
    footer = dict(zip(keys, completeness[-1][1:], strict=True))
    assert {key: int(value) for key, value in footer.items()} == truth["completeness"]

    counties = {row[0]: row for row in _table(report, "funds-by-county")[1:-1]}
    for row in truth["coverage"]:
        if row["awards"]:
            assert (int(counties[row["county"]][1]), Decimal(counties[row["county"]][2])) == (
                row["awards"],
                Decimal(row["amount"]),
            )
        else:
            assert row["county"] not in counties
    # Benton-Franklin: Benton has the award, Franklin none, on every surface.
    assert "Franklin" not in counties and "Benton" in counties
