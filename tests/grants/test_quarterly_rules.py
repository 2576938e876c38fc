"""The value rules of quarterly reports and the CSV parsers, without a database."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants.imports_quarterly import parse_import, parse_quarter_template
from grants.programs.clep.metrics import CATALOG
from grants.quarterly_rules import RuleError, check_values, clean_value, expenditure_error, format_value


@dataclass(frozen=True)
class M:
    code: str
    kind: str
    is_required: bool = False
    min_value: Decimal | None = None
    max_value: Decimal | None = None

    @property
    def label_text(self):
        return f"Label of {self.code}"


COUNT = M("youth_participants", "count", min_value=Decimal("0"))
PERCENT = M("survey_trust_percent", "percentage", min_value=Decimal("0"), max_value=Decimal("100"))
MONEY = M("expenditures", "money", is_required=True, min_value=Decimal("0"))
TEXT = M("crime_data_source", "text")
METRICS = {m.code: m for m in [COUNT, PERCENT, MONEY, TEXT]}


@given(st.integers(min_value=0, max_value=10**9))
def test_whole_non_negative_counts_are_accepted_and_round_trip(number):
    value = clean_value(COUNT, str(number))
    assert value == number
    assert clean_value(COUNT, format_value(COUNT, value)) == value


@given(st.integers(min_value=-(10**9), max_value=-1))
def test_negative_counts_are_refused_with_the_metric_named(number):
    with pytest.raises(RuleError, match="Label of youth_participants"):
        clean_value(COUNT, str(number))


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2))
def test_counts_with_a_fraction_are_refused(number):
    if number == number.to_integral_value():
        return
    with pytest.raises(RuleError, match="whole number"):
        clean_value(COUNT, str(number))


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2))
def test_percentages_from_0_to_100_are_accepted(number):
    assert clean_value(PERCENT, str(number)) == number


@given(
    st.one_of(
        st.decimals(min_value=Decimal("100.01"), max_value=Decimal("100000"), places=2),
        st.decimals(min_value=Decimal("-100000"), max_value=Decimal("-0.01"), places=2),
    )
)
def test_percentages_outside_0_to_100_are_refused(number):
    with pytest.raises(RuleError, match="0 to 100"):
        clean_value(PERCENT, str(number))


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("99999999"), places=2))
def test_money_is_exact_to_the_cent(number):
    value = clean_value(MONEY, f"${number:,}")
    assert value == number
    assert isinstance(value, Decimal)
    assert format_value(MONEY, value) == str(number.quantize(Decimal("0.01")))


@pytest.mark.parametrize("typed", ["10.005", "-1", "abc", "1e400", "NaN", "Infinity"])
def test_bad_money_is_refused(typed):
    with pytest.raises(RuleError, match="Label of expenditures"):
        clean_value(MONEY, typed)


@given(st.text(max_size=50))
def test_clean_value_never_crashes_on_any_text(typed):
    for metric in METRICS.values():
        with contextlib.suppress(RuleError):
            clean_value(metric, typed)


def test_staff_ranges_apply():
    capped = M("dialogue_sessions", "count", min_value=Decimal("0"), max_value=Decimal("50"))
    assert clean_value(capped, "50") == 50
    with pytest.raises(RuleError, match="at most 50"):
        clean_value(capped, "51")


def test_required_metrics_must_be_present_on_submit_but_not_in_a_draft():
    draft = check_values(METRICS.values(), {"youth_participants": "3"}, require_all=False)
    assert draft.is_valid
    final = check_values(METRICS.values(), {"youth_participants": "3"}, require_all=True)
    assert final.errors == {"expenditures": "Label of expenditures is required."}


def test_cumulative_expenditures_may_not_exceed_the_award():
    award = Decimal("100000.00")
    assert expenditure_error(award, Decimal("90000.00"), Decimal("10000.00")) is None
    message = expenditure_error(award, Decimal("90000.00"), Decimal("10000.01"))
    assert "$100,000.01" in message
    assert "$100,000.00" in message


@given(
    st.lists(
        st.decimals(min_value=Decimal("0"), max_value=Decimal("50000"), places=2), min_size=1, max_size=8
    )
)
def test_expenditure_rule_matches_the_sum(quarters):
    award = Decimal("100000.00")
    *before, this = quarters
    error = expenditure_error(award, sum(before, Decimal("0")), this)
    assert (error is None) == (sum(quarters, Decimal("0")) <= award)


def test_the_catalog_has_every_shared_code_with_three_languages():
    codes = {spec["code"] for spec in CATALOG}
    assert {"dialogue_sessions", "survey_trust_percent", "crime_data_source", "expenditures"} <= codes
    assert len(codes) == 24
    for spec in CATALOG:
        assert set(spec["label"]) == {"en", "es", "tl"}
        assert set(spec["help_text"]) == {"en", "es", "tl"}


# --- CSV ------------------------------------------------------------------------------------------------------


def test_template_upload_reads_values_and_ignores_labels():
    data = (
        "metric,label,help,value\r\nyouth_participants,Youth,help,12\r\nexpenditures,Money,,1\u00a0000.50\r\n"
    )
    parsed = parse_quarter_template(data.replace("\u00a0", ""), METRICS)
    assert parsed.is_valid, parsed.errors
    assert parsed.values == {"youth_participants": 12, "expenditures": Decimal("1000.50")}


def test_template_upload_names_every_bad_line_and_column():
    data = "\ufeffmetric,value\nyouth_participants,-2\nnot_a_metric,3\nsurvey_trust_percent,120\nyouth_participants,4\n"
    parsed = parse_quarter_template(data.encode(), METRICS)
    assert [(e.line, e.column) for e in parsed.errors] == [
        (2, "value"),
        (3, "metric"),
        (4, "value"),
        (5, "metric"),
    ]
    assert str(parsed.errors[0]).startswith("Line 2, column value:")


def test_template_without_a_value_column_is_refused():
    parsed = parse_quarter_template("metric,amount\nx,1\n", METRICS)
    assert [(e.line, e.column) for e in parsed.errors] == [(1, "value")]


KNOWN = {("CLEP-21-0001", 2022, 3), ("CLEP-21-0001", 2022, 4)}


def test_import_file_rows_and_errors():
    data = (
        "contract_number,quarter,metric,value\n"
        "CLEP-21-0001,2022-Q3,youth_participants,10\n"
        "CLEP-21-9999,2022-Q3,youth_participants,10\n"
        "CLEP-21-0001,2022-Q9,youth_participants,10\n"
        "CLEP-21-0001,2021-Q1,youth_participants,10\n"
        "CLEP-21-0001,2022-Q4,crime_data_source,Yakima PD records\n"
        "CLEP-21-0001,2022-Q3,youth_participants,11\n"
    )
    parsed = parse_import(data, METRICS, KNOWN)
    assert [(e.line, e.column) for e in parsed.errors] == [
        (3, "contract_number"),
        (4, "quarter"),
        (5, "quarter"),
        (7, "metric"),
    ]
    assert [(r.line, r.code, r.value) for r in parsed.rows] == [
        (2, "youth_participants", 10),
        (6, "crime_data_source", "Yakima PD records"),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(KNOWN)),
            st.sampled_from(sorted(METRICS)),
            st.text(alphabet="0123456789.-,$ abc", max_size=8),
        ),
        max_size=12,
    )
)
def test_import_parser_accounts_for_every_line(rows):
    lines = ["contract_number,quarter,metric,value"]
    for (contract, year, quarter), code, value in rows:
        lines.append(f'{contract},{year}-Q{quarter},{code},"{value}"')
    parsed = parse_import("\n".join(lines) + "\n", METRICS, KNOWN)
    # Each data line is either read or named in an error, never both, never lost.
    read = {row.line for row in parsed.rows}
    failed = {error.line for error in parsed.errors}
    assert read.isdisjoint(failed)
    assert read | failed == set(range(2, len(rows) + 2))
