"""Reads about disbursements: what is committed on an award, its ledger and reconciliation, the staff board,
exports, and the paid amounts the read model (grants.selectors.figures) shows."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from ..disbursement_rules import CENT, ZERO, is_reconciliation_flagged, spread_by_quarter
from ..models import (
    Award,
    AwardBudgetLine,
    BudgetCategory,
    FundingRound,
    Invoice,
    InvoiceLine,
    MetricValue,
    QuarterlyReport,
)

S = Invoice.Status
MONEY = DecimalField(max_digits=14, decimal_places=2)
# What counts against the award: the billed amount while under review, the approved amount once approved.
PENDING_STATES = (S.SUBMITTED, S.APPROVED)
COMMITTED_STATES = (S.SUBMITTED, S.APPROVED, S.PAID)
_COMMITTED_AMOUNT = Case(
    When(invoice__status=S.SUBMITTED, then=F("requested")),
    default=Coalesce(F("approved"), F("requested")),
    output_field=MONEY,
)


def _cents(value):
    """Exact cents whatever the database returns for a sum (SQLite can add trailing digits)."""
    return (value or ZERO).quantize(CENT)


def committed_by_line(award, *, excluding=None):
    """{category: paid + pending} of the award's other invoices (submitted, approved, paid)."""
    rows = (
        InvoiceLine.objects.filter(invoice__award_id=award.pk, invoice__status__in=COMMITTED_STATES)
        .exclude(invoice_id=getattr(excluding, "pk", None))
        .values("category")
        .annotate(total=Sum(_COMMITTED_AMOUNT))
    )
    return {row["category"]: _cents(row["total"]) for row in rows}


def budget_of(award):
    """{category: amount} of the award's budget lines."""
    return {line.category: line.amount for line in AwardBudgetLine.objects.filter(award_id=award.pk)}


def category_labels():
    return dict(BudgetCategory.choices)


# --- One invoice -------------------------------------------------------------------------------------------
def invoice_queryset():
    return Invoice.objects.select_related(
        "award__organization",
        "award__funding_round",
        "submitted_by",
        "approved_by",
        "returned_by",
        "payment_released_by",
    )


def invoice_or_404(invoice_id):
    invoice = invoice_queryset().filter(pk=invoice_id).first()
    if invoice is None:
        raise Http404
    return invoice


def member_invoice_or_404(user, invoice_id):
    """An invoice of one of the person's organizations' awards; 404 for anyone else's."""
    invoice = (
        invoice_queryset()
        .filter(
            pk=invoice_id,
            award__organization__memberships__user=user,
            award__organization__memberships__is_active=True,
        )
        .distinct()
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def lines_of(invoice):
    """{category: InvoiceLine} of an invoice."""
    return {line.category: line for line in invoice.lines.all()}


def attachments_of(invoice):
    return list(invoice.attachments.filter(removed_at__isnull=True).order_by("uploaded_at"))


def invoice_total(invoice, *, approved=False):
    lines = invoice.lines.all()
    if approved:
        return sum((line.approved if line.approved is not None else line.requested for line in lines), ZERO)
    return sum((line.requested for line in lines), ZERO)


def member_awards_with_invoices(user):
    """The awards of the person's organizations with their invoices (newest first), for the grantee page."""
    invoices = Invoice.objects.annotate(
        total=Coalesce(Sum("lines__requested"), Value(ZERO), output_field=MONEY)
    ).order_by("-created_at")
    return list(
        Award.objects.filter(organization__memberships__user=user, organization__memberships__is_active=True)
        .select_related("organization", "funding_round")
        .prefetch_related(Prefetch("invoices", queryset=invoices, to_attr="invoice_list"))
        .distinct()
        .order_by("contract_number")
    )


# --- Ledger ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerLine:
    category: str
    label: str
    awarded: Decimal
    invoiced: Decimal  # billed on invoices sent to Commerce (submitted, approved, paid)
    approved: Decimal  # approved, paid or not
    paid: Decimal
    pending: Decimal  # submitted or approved, not yet paid
    remaining: Decimal  # awarded - paid - pending: what can still be billed (before tolerance)


@dataclass(frozen=True)
class Ledger:
    award: Award
    lines: list
    total: LedgerLine
    has_final_invoice_paid: bool
    unspent: Decimal  # award amount - paid: shown at closeout
    is_ready_to_close: bool = field(default=False)


def _sum_when(condition, amount):
    return Coalesce(Sum(amount, filter=condition), Value(ZERO), output_field=MONEY)


def ledger(award):
    """Per budget line: awarded, invoiced, approved, paid and remaining; two queries whatever the invoices."""
    approved_amount = Coalesce(F("lines__approved"), F("lines__requested"), output_field=MONEY)
    rows = {
        row["lines__category"]: row
        for row in Invoice.objects.filter(award_id=award.pk, lines__isnull=False)
        .values("lines__category")
        .annotate(
            invoiced=_sum_when(Q(status__in=COMMITTED_STATES), F("lines__requested")),
            approved=_sum_when(Q(status__in=(S.APPROVED, S.PAID)), approved_amount),
            paid=_sum_when(Q(status=S.PAID), approved_amount),
            submitted=_sum_when(Q(status=S.SUBMITTED), F("lines__requested")),
            approved_unpaid=_sum_when(Q(status=S.APPROVED), approved_amount),
        )
    }
    budget = budget_of(award)
    labels = category_labels()
    lines = []
    for category in BudgetCategory.values:
        row = {
            key: _cents(value) for key, value in rows.get(category, {}).items() if key != "lines__category"
        }
        awarded = budget.get(category, ZERO)
        paid = row.get("paid", ZERO)
        pending = row.get("submitted", ZERO) + row.get("approved_unpaid", ZERO)
        lines.append(
            LedgerLine(
                category=category,
                label=labels[category],
                awarded=awarded,
                invoiced=row.get("invoiced", ZERO),
                approved=row.get("approved", ZERO),
                paid=paid,
                pending=pending,
                remaining=awarded - paid - pending,
            )
        )
    total = LedgerLine(
        category="total",
        label="",
        awarded=award.amount,
        invoiced=sum((line.invoiced for line in lines), ZERO),
        approved=sum((line.approved for line in lines), ZERO),
        paid=sum((line.paid for line in lines), ZERO),
        pending=sum((line.pending for line in lines), ZERO),
        remaining=award.amount - sum((line.paid + line.pending for line in lines), ZERO),
    )
    final_paid = Invoice.objects.filter(award_id=award.pk, is_final=True, status=S.PAID).exists()
    return Ledger(
        award=award,
        lines=lines,
        total=total,
        has_final_invoice_paid=final_paid,
        unspent=award.amount - total.paid,
        is_ready_to_close=final_paid and award.status == Award.Status.ACTIVE,
    )


# --- Reconciliation with the quarterly reports --------------------------------------------------------------
@dataclass(frozen=True)
class ReconciliationRow:
    quarter: str
    reported: Decimal | None  # self-reported expenditures on the quarter's report (sent at least once)
    paid: Decimal | None  # paid invoices, spread over the quarters their period covers
    difference: Decimal
    is_flagged: bool


def reconciliation(award):
    """Per quarter of the award: the self-reported expenditures metric against paid invoices; differences of
    more than 5% flagged for staff. Two queries."""
    reported = {}
    for year, quarter, number in (
        MetricValue.objects.filter(
            report__period__award_id=award.pk,
            report__period__is_active=True,
            metric__code="expenditures",
            number__isnull=False,
        )
        .exclude(report__status=QuarterlyReport.Status.DRAFT)
        .values_list("report__period__year", "report__period__quarter", "number")
    ):
        reported[f"{year}-Q{quarter}"] = number
    paid = {}
    for invoice in (
        Invoice.objects.filter(award_id=award.pk, status=S.PAID, period_start__isnull=False)
        .annotate(total=Sum(Coalesce(F("lines__approved"), F("lines__requested"), output_field=MONEY)))
        .only("period_start", "period_end")
    ):
        for label, share in spread_by_quarter(
            _cents(invoice.total), invoice.period_start, invoice.period_end
        ).items():
            paid[label] = paid.get(label, ZERO) + share
    quarters = sorted(set(reported) | set(paid))
    return [
        ReconciliationRow(
            quarter=label,
            reported=reported.get(label),
            paid=paid.get(label),
            difference=(reported.get(label) or ZERO) - (paid.get(label) or ZERO),
            is_flagged=is_reconciliation_flagged(reported.get(label), paid.get(label)),
        )
        for label in quarters
    ]


# --- Staff board and exports --------------------------------------------------------------------------------
def board_invoices(funding_round=None):
    """Every invoice sent to Commerce (drafts stay the grantee's), newest first; lean, so that filtering,
    counting and paging stay fast at any size. Add the amounts of a page with ``with_totals``."""
    invoices = (
        Invoice.objects.exclude(status=S.DRAFT)
        .select_related("award__organization", "award__funding_round")
        .order_by("-submitted_at", "-pk")
    )
    if funding_round is not None:
        invoices = invoices.filter(award__funding_round=funding_round)
    return invoices


def _with_amounts(invoices):
    return invoices.annotate(
        requested_total=Coalesce(Sum("lines__requested"), Value(ZERO), output_field=MONEY),
        approved_total=Coalesce(
            Sum(Coalesce(F("lines__approved"), F("lines__requested"), output_field=MONEY)),
            Value(ZERO),
            output_field=MONEY,
        ),
    )


def with_totals(invoices):
    """The given invoices (a page) as a list, each with ``requested_total`` and ``approved_total``; one query."""
    invoices = list(invoices)
    totals = {
        row["invoice_id"]: row
        for row in InvoiceLine.objects.filter(invoice_id__in=[i.pk for i in invoices])
        .values("invoice_id")
        .annotate(
            requested_sum=Sum("requested"),
            approved_sum=Sum(Coalesce(F("approved"), F("requested"), output_field=MONEY)),
        )
    }
    for invoice in invoices:
        row = totals.get(invoice.pk, {})
        invoice.requested_total = _cents(row.get("requested_sum"))
        invoice.approved_total = _cents(row.get("approved_sum"))
    return invoices


def board_counts(funding_round=None):
    """{status: number of invoices} for the board's totals; one query."""
    invoices = Invoice.objects.exclude(status=S.DRAFT)
    if funding_round is not None:
        invoices = invoices.filter(award__funding_round=funding_round)
    return {row["status"]: row["n"] for row in invoices.values("status").annotate(n=Count("pk"))}


def payment_rows(funding_round):
    """The payments file for the state's accounting system, one row per paid invoice line."""
    lines = (
        InvoiceLine.objects.filter(invoice__award__funding_round=funding_round, invoice__status=S.PAID)
        .annotate(amount=Coalesce(F("approved"), F("requested"), output_field=MONEY))
        .exclude(amount=0)
        .order_by("invoice__paid_on", "invoice__award__contract_number", "invoice__number", "category")
        .values_list(
            "invoice__award__contract_number",
            "invoice__number",
            "invoice__award__organization_id",
            "amount",
            "category",
            "invoice__paid_on",
            "invoice__payment_reference",
        )
    )
    for contract, number, organization_id, amount, category, paid_on, reference in lines.iterator(
        chunk_size=2000
    ):
        yield [
            contract,
            number,
            vendor_identifier(organization_id),
            _cents(amount),
            category,
            paid_on.isoformat(),
            reference,
        ]


PAYMENT_COLUMNS = [
    "contract_number",
    "invoice_number",
    "vendor_identifier",
    "amount",
    "budget_line",
    "payment_date",
    "reference",
]
REGISTER_COLUMNS = [
    "contract_number",
    "organization",
    "invoice_number",
    "status",
    "period_start",
    "period_end",
    "is_final",
    "requested",
    "approved",
    "submitted_on",
    "approved_on",
    "paid_on",
    "reference",
]


def vendor_identifier(organization_id):
    """The grantee's identifier in the state's vendor file (statewide vendor number kept by Commerce)."""
    return f"CLEP-V{organization_id:06d}"


def register_rows(funding_round):
    """The invoice register: every invoice sent to Commerce, with its amounts and dates."""
    for invoice in (
        _with_amounts(board_invoices(funding_round))
        .order_by("award__contract_number", "number")
        .iterator(chunk_size=2000)
    ):
        approved = _cents(invoice.approved_total) if invoice.status in (S.APPROVED, S.PAID) else ""
        yield [
            invoice.award.contract_number,
            invoice.award.organization.legal_name,
            invoice.number,
            invoice.status,
            invoice.period_start.isoformat() if invoice.period_start else "",
            invoice.period_end.isoformat() if invoice.period_end else "",
            "yes" if invoice.is_final else "no",
            _cents(invoice.requested_total),
            approved,
            invoice.submitted_at.date().isoformat() if invoice.submitted_at else "",
            invoice.approved_at.date().isoformat() if invoice.approved_at else "",
            invoice.paid_on.isoformat() if invoice.paid_on else "",
            invoice.payment_reference,
        ]


# --- For the read model -------------------------------------------------------------------------------------
def paid_by_award(rounds):
    """{award id: amount paid} over one round or several; one query. For grants.selectors.figures."""
    if isinstance(rounds, FundingRound):
        rounds = [rounds]
    round_ids = [r.pk for r in rounds]
    rows = (
        InvoiceLine.objects.filter(invoice__award__funding_round_id__in=round_ids, invoice__status=S.PAID)
        .values("invoice__award_id")
        .annotate(total=Sum(Coalesce(F("approved"), F("requested"), output_field=MONEY)))
    )
    return {row["invoice__award_id"]: _cents(row["total"]) for row in rows}


def paid_by_award_quarter(rounds):
    """{award id: {"2022-Q1": paid}}: paid invoices spread over the quarters their period covers."""
    if isinstance(rounds, FundingRound):
        rounds = [rounds]
    result = {}
    invoices = (
        Invoice.objects.filter(
            award__funding_round__in=list(rounds), status=S.PAID, period_start__isnull=False
        )
        .annotate(total=Sum(Coalesce(F("lines__approved"), F("lines__requested"), output_field=MONEY)))
        .values_list("award_id", "period_start", "period_end", "total")
    )
    for award_id, start, end, total in invoices:
        by_quarter = result.setdefault(award_id, {})
        for label, share in spread_by_quarter(_cents(total), start, end).items():
            by_quarter[label] = by_quarter.get(label, ZERO) + share
    return result
