"""Properties of the money rules: exact cents, splits that add up, limits that hold."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants.disbursement_rules import (
    MoneyError,
    default_lines,
    limit_errors,
    line_ceiling,
    parse_money,
    spread_by_quarter,
)

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("9999999.99"), places=2)


@given(amounts)
def test_a_typed_amount_reads_back_exactly(amount):
    assert parse_money(f"{amount:,.2f}") == amount
    assert parse_money(f"${amount}") == amount


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=3))
def test_three_decimals_are_refused_unless_the_last_is_zero(amount):
    text = f"{amount:.3f}"
    if text.endswith("0"):
        assert parse_money(text) == amount.quantize(Decimal("0.01"))
    else:
        with pytest.raises(MoneyError):
            parse_money(text)


@given(amounts)
def test_the_default_budget_adds_up_to_the_award_exactly(amount):
    lines = default_lines(amount)
    assert sum(lines.values()) == amount
    assert all(value >= 0 for value in lines.values())


@given(amounts, st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 800))
def test_spreading_over_quarters_keeps_every_cent(amount, start, days):
    shares = spread_by_quarter(amount, start, start + timedelta(days=days))
    assert sum(shares.values()) == amount
    assert all(share >= 0 for share in shares.values())


@given(amounts, amounts, amounts)
def test_what_the_limits_accept_never_exceeds_the_award_or_the_line_ceiling(award, line, adding):
    committed = {"personnel": Decimal("0.00")}
    errors = limit_errors(
        award_amount=award,
        lines={"personnel": line},
        tolerance_percent=Decimal("10"),
        committed=committed,
        adding={"personnel": adding},
        labels={},
    )
    if not errors:
        assert adding <= award and adding <= line_ceiling(line, Decimal("10"))
