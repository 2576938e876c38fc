"""import_awards: awards made before the portal, parsed purely (hypothesis), written all or nothing, idempotent."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from grants.imports import CsvImportError
from grants.imports_awards import AWARD_COLUMNS, AWARD_STATUSES, parse_awards_csv
from grants.models import Award, FundingRound, ReportingPeriod
from tests.factories import ApplicationFactory, OrganizationFactory

HEADER = ",".join(AWARD_COLUMNS)


def csv_text(*lines):
    return "\n".join([HEADER, *lines]) + "\n"


def test_a_good_file_parses_into_rows():
    rows = parse_awards_csv(
        csv_text(
            'CLEP-21-001,CLEP21-001,"$95,000.00",2021-10-01,2023-09-30,active',
            "CLEP-21-002,CLEP21-002,80000,2021-10-01,2022-09-30,Terminated",
        )
    )
    assert [(r.line, r.contract_number, r.reference) for r in rows] == [
        (2, "CLEP-21-001", "CLEP21-001"),
        (3, "CLEP-21-002", "CLEP21-002"),
    ]
    assert rows[0].amount == Decimal("95000.00")
    assert rows[0].period_start == date(2021, 10, 1)
    assert rows[1].status == "terminated"


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        (",CLEP21-001,1000,2021-10-01,2023-09-30,active", "contract_number", "is empty"),
        ("C-1,,1000,2021-10-01,2023-09-30,active", "reference", "is empty"),
        ("C-1,R-1,lots,2021-10-01,2023-09-30,active", "amount", "not an amount"),
        ("C-1,R-1,0,2021-10-01,2023-09-30,active", "amount", "above zero"),
        ("C-1,R-1,1000,10/01/2021,2023-09-30,active", "period_start", "not a date"),
        ("C-1,R-1,1000,2021-10-01,2021-09-30,active", "period_end", "must end after"),
        ("C-1,R-1,1000,2021-10-01,2023-09-30,open", "status", "not one of active, closed, terminated"),
        ("C-1,R-1,1000,2021-10-01", "", "expected 6 columns"),
    ],
)
def test_a_bad_line_names_the_line_and_the_column(line, column, fragment):
    with pytest.raises(CsvImportError) as refused:
        parse_awards_csv(csv_text("C-0,R-0,1000,2021-10-01,2023-09-30,active", line))
    assert (refused.value.line, refused.value.column) == (3, column)
    assert fragment in refused.value.message


def test_a_contract_number_or_reference_twice_is_refused():
    first = "C-1,R-1,1000,2021-10-01,2023-09-30,active"
    with pytest.raises(CsvImportError, match="line 3, column contract_number"):
        parse_awards_csv(csv_text(first, "C-1,R-2,1000,2021-10-01,2023-09-30,active"))
    with pytest.raises(CsvImportError, match="line 3, column reference"):
        parse_awards_csv(csv_text(first, "C-2,R-1,1000,2021-10-01,2023-09-30,active"))
    with pytest.raises(CsvImportError, match="line 1"):
        parse_awards_csv("contract_number,reference,amount\n")


ROW = st.fixed_dictionaries(
    {
        "contract_number": st.from_regex(r"CLEP-2[0-9]-[0-9]{3}", fullmatch=True),
        "amount": st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2),
        "start": st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
        "days": st.integers(min_value=1, max_value=2000),
        "status": st.sampled_from(AWARD_STATUSES),
    }
)


@given(st.lists(ROW, min_size=1, max_size=8, unique_by=lambda r: r["contract_number"]))
def test_what_is_written_is_what_is_parsed(rows):
    from datetime import timedelta

    lines = [
        f"{r['contract_number']},R-{i},{r['amount']},{r['start']:%Y-%m-%d},"
        f"{r['start'] + timedelta(days=r['days']):%Y-%m-%d},{r['status'].upper()}"
        for i, r in enumerate(rows)
    ]
    parsed = parse_awards_csv(csv_text(*lines))
    assert [(p.contract_number, p.amount, p.period_start, p.status) for p in parsed] == [
        (r["contract_number"], r["amount"], r["start"], r["status"]) for r in rows
    ]


@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused_with_a_line(text):
    try:
        parse_awards_csv(text)
    except CsvImportError as error:
        assert error.line >= 1


# --- Writing ------------------------------------------------------------------------------------------------


@pytest.fixture
def pilot(db):
    return FundingRound.objects.get(slug="clep-2021")


@pytest.fixture
def nonprofit(pilot):
    return ApplicationFactory(reference="CLEP21-001", counties=["Yakima"])


@pytest.fixture
def partner(pilot):
    return ApplicationFactory(reference="CLEP21-002", counties=["King"])


def award_line(contract, reference, amount="95000.00", status="active"):
    return f"{contract},{reference},{amount},2021-10-01,2023-09-30,{status}"


def run(tmp_path, *lines, slug="clep-2021"):
    path = tmp_path / "awards.csv"
    path.write_text(csv_text(*lines), encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("import_awards", str(path), "--round", slug, stdout=out)
    return out.getvalue()


def test_awards_are_created_with_their_schedule_and_a_second_import_changes_nothing(
    tmp_path, nonprofit, partner
):
    lines = [
        award_line("CLEP-21-001", "CLEP21-001"),
        award_line("CLEP-21-002", "CLEP21-002", "80000", "closed"),
    ]
    assert "2 awards created, 0 unchanged" in run(tmp_path, *lines)
    award = Award.objects.get(contract_number="CLEP-21-001")
    assert (award.application, award.organization, award.amount) == (
        nonprofit,
        nonprofit.organization,
        Decimal("95000.00"),
    )
    assert [c.name for c in award.counties.all()] == ["Yakima"]
    assert award.reporting_periods.count() == 8  # 2021-Q4 … 2023-Q3
    assert Award.objects.get(contract_number="CLEP-21-002").status == "closed"
    periods = ReportingPeriod.objects.count()
    history = Award.history.count()

    assert "0 awards created, 2 unchanged" in run(tmp_path, *lines)
    assert (Award.objects.count(), ReportingPeriod.objects.count(), Award.history.count()) == (
        2,
        periods,
        history,
    )


def test_a_blocked_law_enforcement_applicant_is_refused_and_nothing_is_written(tmp_path, nonprofit):
    ApplicationFactory(
        reference="CLEP21-003",
        organization=OrganizationFactory(org_type="law_enforcement"),
        counties=["Yakima"],
    )
    with pytest.raises(CommandError) as refused:
        run(tmp_path, award_line("CLEP-21-001", "CLEP21-001"), award_line("CLEP-21-003", "CLEP21-003"))
    message = str(refused.value)
    assert "line 3, column reference" in message
    assert "law-enforcement rule" in message and "CLEP21-001" in message
    assert "Nothing was imported" in message
    assert not Award.objects.exists()


@pytest.mark.parametrize(
    ("application", "fragment"),
    [
        ({"organization__org_type": "for_profit"}, "criteria not met: organization_type"),
        ({"status": "withdrawn"}, "is withdrawn"),
        ({"counties": ["Adams"]}, "criteria not met: service_area"),
    ],
)
def test_an_ineligible_application_is_refused(tmp_path, pilot, application, fragment):
    ApplicationFactory(reference="CLEP21-009", **application)
    with pytest.raises(CommandError, match="line 2, column reference") as refused:
        run(tmp_path, award_line("CLEP-21-009", "CLEP21-009"))
    assert fragment in str(refused.value)


def test_an_unknown_reference_is_refused(tmp_path, pilot):
    with pytest.raises(CommandError, match="line 2, column reference: no application 'CLEP21-404'"):
        run(tmp_path, award_line("CLEP-21-404", "CLEP21-404"))


def test_the_round_budget_holds_over_existing_and_imported_awards(tmp_path, pilot, nonprofit, partner):
    pilot.budget = Decimal("150000.00")
    pilot.save()
    run(tmp_path, award_line("CLEP-21-001", "CLEP21-001", "100000"))
    with pytest.raises(CommandError) as refused:
        run(
            tmp_path,
            award_line("CLEP-21-001", "CLEP21-001", "100000"),
            award_line("CLEP-21-002", "CLEP21-002"),
        )
    assert "line 3, column amount" in str(refused.value)
    assert "over the round's budget of $150,000.00" in str(refused.value)
    assert Award.objects.count() == 1


def test_the_round_award_cap_holds(tmp_path, pilot, nonprofit, partner):
    pilot.award_cap = 1
    pilot.save()
    with pytest.raises(
        CommandError, match="line 3, column contract_number: the round allows at most 1 awards"
    ):
        run(tmp_path, award_line("CLEP-21-001", "CLEP21-001"), award_line("CLEP-21-002", "CLEP21-002"))
    assert not Award.objects.exists()


def test_a_recorded_award_with_other_values_is_refused(tmp_path, nonprofit):
    run(tmp_path, award_line("CLEP-21-001", "CLEP21-001"))
    with pytest.raises(CommandError, match=r"line 2, column contract_number: .* other values"):
        run(tmp_path, award_line("CLEP-21-001", "CLEP21-001", "99000"))
    with pytest.raises(
        CommandError, match="line 2, column reference: CLEP21-001 already has the award CLEP-21-001"
    ):
        run(tmp_path, award_line("CLEP-21-099", "CLEP21-001"))
    assert Award.objects.get().amount == Decimal("95000.00")


def test_an_unknown_round_or_file_is_a_clear_error(tmp_path, pilot):
    with pytest.raises(CommandError, match="No funding round"):
        run(tmp_path, award_line("C-1", "R-1"), slug="nope")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_awards", str(tmp_path / "missing.csv"), "--round", "clep-2021")
