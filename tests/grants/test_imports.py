"""The applications CSV: parsed purely (hypothesis), written all or nothing, and idempotent on re-import."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from grants.imports import IMPORT_COLUMNS, CsvImportError, parse_amount, parse_applications_csv, parse_flag
from grants.models import Application, Organization
from grants.reference_data import WASHINGTON_COUNTIES

HEADER = ",".join(IMPORT_COLUMNS)
GOOD = [
    'R-1,Yakima Youth Alliance,nonprofit,Yakima,Wapato;Toppenish,yes,Y,true,1,yes,"$120,000.00",submitted',
    "R-2,Yakima County Sheriff,law_enforcement,53077,,yes,yes,no,yes,yes,90000,",
    "R-3,Spokane Shops LLC,for_profit,spokane,,yes,yes,yes,yes,yes,,withdrawn",
]


def csv_text(*lines):
    return "\n".join([HEADER, *lines]) + "\n"


def test_a_good_file_parses_into_rows():
    rows = parse_applications_csv(csv_text(*GOOD), WASHINGTON_COUNTIES)
    assert [r.reference for r in rows] == ["R-1", "R-2", "R-3"]
    assert rows[0].county_fips == ("53077",)
    assert rows[0].communities == ("Wapato", "Toppenish")
    assert rows[0].requested_amount == Decimal("120000.00")
    assert rows[1].status == "submitted"
    assert rows[1].law_enforcement_partner is False
    assert rows[2].county_fips == ("53063",)
    assert rows[2].requested_amount is None


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("R-9,Org,charity,Yakima,,yes,yes,yes,yes,yes,1,", "organization_type", "charity"),
        ("R-9,Org,nonprofit,Atlantis,,yes,yes,yes,yes,yes,1,", "counties", "Atlantis"),
        (
            "R-9,Org,nonprofit,Yakima,,maybe,yes,yes,yes,yes,1,",
            "public_safety_engagement_experience",
            "maybe",
        ),
        ("R-9,Org,nonprofit,Yakima,,yes,yes,yes,yes,yes,12abc,", "requested_amount", "12abc"),
        ("R-9,Org,nonprofit,Yakima,,yes,yes,yes,yes,yes,1,pending", "status", "pending"),
        (",Org,nonprofit,Yakima,,yes,yes,yes,yes,yes,1,", "reference", "empty"),
    ],
)
def test_a_bad_value_names_line_column_and_problem(line, column, fragment):
    with pytest.raises(CsvImportError) as error:
        parse_applications_csv(csv_text(GOOD[0], line), WASHINGTON_COUNTIES)
    assert error.value.line == 3
    assert error.value.column == column
    assert fragment in str(error.value)


def test_a_wrong_header_and_a_repeated_reference_are_refused():
    with pytest.raises(CsvImportError, match="header"):
        parse_applications_csv("reference,organization\nR-1,X\n", WASHINGTON_COUNTIES)
    with pytest.raises(CsvImportError, match="already used on line 2"):
        parse_applications_csv(csv_text(GOOD[0], GOOD[0]), WASHINGTON_COUNTIES)


@given(st.sampled_from(["yes", "Y", "TRUE", "1", "no", "n", "False", "0"]), st.sampled_from(["", " ", "  "]))
def test_flags_accept_every_spelling_in_any_case_and_spacing(word, space):
    assert parse_flag(space + word + space) is (word.casefold() in {"yes", "y", "true", "1"})


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_amounts_round_trip_with_dollar_sign_and_thousands_separators(amount):
    assert parse_amount(f"${amount:,.2f}") == amount
    assert parse_amount(f"{amount:.2f}") == amount


@given(st.text(alphabet="abc$,.-x ", min_size=1, max_size=12))
def test_malformed_amounts_raise_or_parse_to_a_non_negative_decimal(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert value is None or value >= 0


@given(
    st.lists(
        st.tuples(st.sampled_from([n for _f, n in WASHINGTON_COUNTIES]), st.booleans(), st.booleans()),
        min_size=1,
        max_size=5,
    )
)
def test_counties_match_by_any_case_or_fips(choices):
    by_name = {n: f for f, n in WASHINGTON_COUNTIES}
    names = [
        (by_name[n] if use_fips else (n.upper() if upper else n.lower())) for n, use_fips, upper in choices
    ]
    line = f"R-1,Org,nonprofit,{';'.join(names)},,yes,yes,yes,yes,yes,1,"
    (row,) = parse_applications_csv(csv_text(line), WASHINGTON_COUNTIES)
    assert set(row.county_fips) == {by_name[n] for n, _u, _p in choices}


@pytest.mark.django_db
def test_import_command_writes_rows_and_reimporting_changes_nothing(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text(csv_text(*GOOD), encoding="utf-8")
    call_command("import_applications", str(path), "--round", "clep-2021")
    assert Application.objects.filter(source=Application.Source.IMPORT).count() == 3
    withdrawn = Application.objects.get(reference="R-3")
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_at is not None
    assert Organization.objects.get(legal_name="Yakima County Sheriff").org_type == "law_enforcement"
    history_rows = Application.history.count()

    call_command("import_applications", str(path), "--round", "clep-2021")
    assert Application.objects.count() == 3
    assert Application.history.count() == history_rows


@pytest.mark.django_db
def test_one_bad_row_imports_nothing(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text(csv_text(GOOD[0], "R-2,Org,nonprofit,Nowhere,,yes,yes,yes,yes,yes,1,"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3, column counties: 'Nowhere'"):
        call_command("import_applications", str(path), "--round", "clep-2021")
    assert not Application.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_eligibility_command_prints_json_with_blockers(tmp_path, capsys):
    path = tmp_path / "apps.csv"
    path.write_text(csv_text(*GOOD), encoding="utf-8")
    call_command("import_applications", str(path), "--round", "clep-2021")
    capsys.readouterr()
    call_command("eligibility", "--round", "clep-2021", "--format", "json")
    records = {r["reference"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["R-1"]["eligible"] is True
    assert records["R-2"]["eligible"] is False
    assert records["R-2"]["blocked_by"] == ["R-1"]
    assert records["R-3"]["eligible"] is False
    assert {"code", "passed", "explanation"} <= set(records["R-1"]["criteria"][0])

    call_command("eligibility", "--round", "clep-2021", "--format", "table")
    out = capsys.readouterr().out
    assert "R-2" in out and "blocked by: R-1" in out
