"""Verbs of an award's budget by line: create it from the application at award, amend it with a reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..disbursement_rules import ZERO, MoneyError, default_lines, dollars, parse_money
from ..models import Award, AwardBudgetLine, BudgetCategory
from ..permissions import check_permission
from .errors import ServiceError


def ensure_budget_lines(award):
    """The award's budget lines, created from the application when it has none yet.

    The CLEP application gives a requested total and a narrative, not a split by line, so the award amount is
    split by ``DEFAULT_SPLIT`` (scaled to the award, never above it) and staff correct it with a reason.
    """
    lines = list(award.budget_lines.all())
    if lines:
        return lines
    for category, amount in default_lines(award.amount).items():
        line = AwardBudgetLine(award=award, category=category, amount=amount)
        line._change_reason = "Budget by line created at award from the application's total"
        line.save()
    return list(award.budget_lines.all())


@transaction.atomic
def amend_budget(award, *, by, amounts, reason):
    """Set the award's budget lines (a program manager, with a reason); they may not add up to more than the
    award, nor go below what is already paid or pending on a line."""
    check_permission("budget.amend", by, award)
    award = Award.objects.select_for_update().get(pk=award.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for changing the budget."))
    current = {line.category: line for line in ensure_budget_lines(award)}
    wanted = {}
    for category in BudgetCategory.values:
        raw = amounts.get(category)
        try:
            value = parse_money(raw)
        except MoneyError as error:
            raise ServiceError(f"{BudgetCategory(category).label}: {error}") from error
        wanted[category] = value if value is not None else ZERO
    total = sum(wanted.values(), ZERO)
    if total > award.amount:
        raise ServiceError(
            _("The lines add up to %(total)s, more than the award of %(award)s.")
            % {"total": dollars(total), "award": dollars(award.amount)}
        )
    from ..selectors.invoices import committed_by_line

    committed = committed_by_line(award)
    for category, value in wanted.items():
        if value < committed.get(category, ZERO):
            raise ServiceError(
                _("%(line)s cannot go below the %(committed)s already paid or pending on it.")
                % {"line": BudgetCategory(category).label, "committed": dollars(committed[category])}
            )
    changed = False
    for category, value in wanted.items():
        line = current.get(category) or AwardBudgetLine(award=award, category=category)
        if line.pk and line.amount == value:
            continue
        line.amount = value
        line._change_reason = f"Budget amended by {by.email}: {reason}"
        line.save()
        changed = True
    if not changed:
        raise ServiceError(_("Nothing changed: enter new amounts."))
    return list(award.budget_lines.all())
