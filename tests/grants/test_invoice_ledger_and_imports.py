"""Ledger, reconciliation, board, exports, paid amounts for the read model and import_payments."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from grants.disbursement_rules import spread_by_quarter
from grants.models import Invoice, Metric, MetricValue, QuarterlyReport
from grants.selectors import invoices as selectors
from grants.services import invoices as services
from grants.services.reporting_periods import ensure_reporting_periods
from portal.csv_files import writer
from tests.factories import AwardFactory

from .invoice_fixtures import approved, paid, submitted, world

pytestmark = pytest.mark.django_db


def test_ledger_shows_awarded_invoiced_approved_paid_and_remaining_by_line():
    w = world()
    paid(w, {"personnel": "10000.00"})
    approved(w, {"personnel": "2000.00"}, start=w.award.period_start + timedelta(days=100))
    submitted(w, {"travel": "300.00"})
    lines = {line.category: line for line in selectors.ledger(w.award).lines}
    personnel = lines["personnel"]
    assert (personnel.awarded, personnel.invoiced, personnel.approved, personnel.paid) == (
        Decimal("55000.00"),
        Decimal("12000.00"),
        Decimal("12000.00"),
        Decimal("10000.00"),
    )
    assert personnel.remaining == Decimal("43000.00")
    assert lines["travel"].pending == Decimal("300.00")
    total = selectors.ledger(w.award).total
    assert total.remaining == Decimal("100000.00") - Decimal("12300.00")


def test_the_ledger_takes_a_constant_number_of_queries(django_assert_max_num_queries):
    w = world()
    for offset in range(0, 300, 100):
        paid(
            w, {"personnel": "100.00", "travel": "10.00"}, start=w.award.period_start + timedelta(days=offset)
        )
    with django_assert_max_num_queries(3):
        selectors.ledger(w.award)
    with django_assert_max_num_queries(2):
        selectors.reconciliation(w.award)


def test_paid_amounts_are_spread_over_quarters_exactly():
    shares = spread_by_quarter(Decimal("100.00"), date(2022, 3, 1), date(2022, 4, 30))
    assert shares == {"2022-Q1": Decimal("50.81"), "2022-Q2": Decimal("49.19")}
    assert sum(shares.values()) == Decimal("100.00")


def test_reconciliation_flags_quarters_where_reports_and_payments_differ():
    w = world()
    award = w.award
    award.period_start, award.period_end = date(2022, 1, 1), timezone.localdate() + timedelta(days=365)
    award.save()
    periods = {f"{p.year}-Q{p.quarter}": p for p in ensure_reporting_periods(award)}
    expenditures = Metric.objects.get(funding_round=award.funding_round, code="expenditures")
    for label, amount in {"2022-Q1": "10000.00", "2022-Q2": "5000.00"}.items():
        report = QuarterlyReport.objects.create(period=periods[label], status=QuarterlyReport.Status.ACCEPTED)
        MetricValue.objects.create(report=report, metric=expenditures, number=Decimal(amount))
    paid(w, {"personnel": "10000.00"}, start=date(2022, 1, 1), end=date(2022, 3, 31))
    paid(w, {"personnel": "3000.00"}, start=date(2022, 4, 1), end=date(2022, 6, 30))
    rows = {row.quarter: row for row in selectors.reconciliation(award)}
    assert not rows["2022-Q1"].is_flagged
    assert rows["2022-Q2"].is_flagged and rows["2022-Q2"].difference == Decimal("2000.00")


def test_paid_by_award_for_the_read_model(django_assert_num_queries):
    w = world()
    paid(w, {"personnel": "1000.00", "travel": "20.00"})
    submitted(w, {"supplies": "50.00"})
    other = AwardFactory()
    with django_assert_num_queries(1):
        amounts = selectors.paid_by_award([w.award.funding_round])
    assert amounts == {w.award.pk: Decimal("1020.00")}
    assert other.pk not in amounts


def test_board_lists_sent_invoices_with_totals_in_constant_queries(django_assert_max_num_queries):
    w = world()
    for offset in range(0, 300, 30):
        submitted(
            w,
            {"travel": "10.00"},
            start=w.award.period_start + timedelta(days=offset),
            end=w.award.period_start + timedelta(days=offset + 10),
        )
    services.create_invoice(w.award, by=w.member)  # a draft stays the grantee's
    with django_assert_max_num_queries(2):
        rows = selectors.with_totals(selectors.board_invoices(w.award.funding_round))
        [(r.award.organization.legal_name, r.requested_total, r.approved_total) for r in rows]
    assert len(rows) == 10 and all(r.requested_total == Decimal("10.00") for r in rows)


def test_payments_file_has_the_accounting_columns_and_exact_money():
    w = world()
    invoice = paid(w, {"personnel": "1234.56", "supplies": "0.10"})
    buffer = io.StringIO()
    out = writer(buffer)
    out.writerow(selectors.PAYMENT_COLUMNS)
    out.writerows(selectors.payment_rows(w.award.funding_round))
    lines = buffer.getvalue().splitlines()
    assert (
        lines[0]
        == "contract_number,invoice_number,vendor_identifier,amount,budget_line,payment_date,reference"
    )
    assert lines[1] == (
        f"{w.award.contract_number},{invoice.number},CLEP-V{w.award.organization_id:06d},1234.56,personnel,"
        f"{timezone.localdate().isoformat()},ACH-1001"
    )
    assert lines[2].split(",")[3] == "0.10"


# --- import_payments ----------------------------------------------------------------------------------------
HEADER = "contract_number,invoice_number,period_start,period_end,budget_line,amount,paid_on,reference\n"


def _file(tmp_path, body, name="payments.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def _pilot_award():
    return AwardFactory(contract_number="CLEP-21-900", amount=Decimal("100000.00"))


def test_import_payments_is_all_or_nothing_and_idempotent(tmp_path):
    award = _pilot_award()
    path = _file(
        tmp_path,
        "CLEP-21-900,OLD-1,2021-10-01,2021-12-31,personnel,12000.00,2022-01-20,W-1001\n"
        "CLEP-21-900,OLD-1,2021-10-01,2021-12-31,travel,450.25,2022-01-20,W-1001\n"
        "CLEP-21-900,OLD-2,2022-01-01,2022-03-31,personnel,11000.00,2022-04-18,ACH-2002\n",
    )
    out = io.StringIO()
    call_command("import_payments", str(path), "--round", "clep-2021", stdout=out)
    assert "2 invoice(s) imported" in out.getvalue()
    assert selectors.paid_by_award(award.funding_round)[award.pk] == Decimal("23450.25")
    out = io.StringIO()
    call_command("import_payments", str(path), "--round", "clep-2021", stdout=out)
    assert "0 invoice(s) imported; 2 already there" in out.getvalue()
    assert Invoice.objects.filter(award=award, is_imported=True).count() == 2


def test_import_payments_names_line_and_column_and_writes_nothing(tmp_path):
    _pilot_award()
    path = _file(
        tmp_path,
        "CLEP-21-900,OLD-1,2021-10-01,2021-12-31,personnel,12000.00,2022-01-20,W-1001\n"
        "CLEP-21-900,OLD-2,2021-10-01,2021-12-31,snacks,1.005,2022-13-01,\n"
        "CLEP-99-999,OLD-3,2019-01-01,2019-03-31,travel,-5,2022-01-20,W-9\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_payments", str(path), "--round", "clep-2021", stderr=err)
    messages = err.getvalue()
    assert "Line 3, column budget_line" in messages
    assert "Line 3, column amount: Enter at most two decimals" in messages
    assert "Line 3, column paid_on" in messages
    assert "Line 3, column reference" in messages
    assert "Line 4, column contract_number" in messages
    assert "Line 4, column amount: An amount cannot be negative" in messages
    assert not Invoice.objects.exists()


def test_import_payments_refuses_a_wrong_header_and_payments_over_the_award(tmp_path):
    _pilot_award()
    bad = tmp_path / "bad.csv"
    bad.write_text("contract,amount\nCLEP-21-900,1\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_payments", str(bad), "--round", "clep-2021", stderr=err)
    assert "Line 1" in err.getvalue() and "header must be exactly" in err.getvalue()
    over = _file(
        tmp_path, "CLEP-21-900,OLD-9,2021-10-01,2021-12-31,personnel,100000.01,2022-01-20,W-1\n", "over.csv"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_payments", str(over), "--round", "clep-2021", stderr=err)
    assert "remaining balance" in err.getvalue()
    assert not Invoice.objects.exists()


def test_import_payments_refuses_a_changed_invoice(tmp_path):
    _pilot_award()
    call_command(
        "import_payments",
        str(_file(tmp_path, "CLEP-21-900,OLD-1,2021-10-01,2021-12-31,personnel,100.00,2022-01-20,W-1\n")),
        "--round",
        "clep-2021",
        stdout=io.StringIO(),
    )
    changed = _file(
        tmp_path, "CLEP-21-900,OLD-1,2021-10-01,2021-12-31,personnel,200.00,2022-01-20,W-1\n", "c.csv"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_payments", str(changed), "--round", "clep-2021", stderr=err)
    assert "already exists with other amounts" in err.getvalue()
    assert Invoice.objects.get().lines.get().approved == Decimal("100.00")
