"""An award's budget by line: what the grantee may be reimbursed for, per category of cost."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .awards import Award


class BudgetCategory(models.TextChoices):
    """The cost categories Commerce reimburses; invoices bill against the same lines."""

    PERSONNEL = "personnel", _("Personnel")
    CONTRACTED_SERVICES = "contracted_services", _("Contracted services")
    TRAINING = "training", _("Training")
    SUPPLIES = "supplies", _("Supplies")
    TRAVEL = "travel", _("Travel")
    INDIRECT = "indirect", _("Indirect costs")
    OTHER = "other", _("Other")


class AwardBudgetLine(models.Model):
    """The amount of one budget category of an award; the lines never add up to more than the award.

    Changed only through ``grants.services.budgets.amend_budget`` (a reason is required and kept in the history).
    """

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="budget_lines")
    category = models.CharField(_("budget line"), max_length=30, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, default=Decimal("0"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["award", "category"]
        constraints = [
            models.UniqueConstraint(fields=["award", "category"], name="one_budget_line_per_category"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.award.contract_number} {self.get_category_display()}"
