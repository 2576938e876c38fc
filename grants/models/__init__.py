"""The grant domain, one module per topic."""

from .applications import Application, Attachment, EligibilityOverride, Goal, Partner
from .awards import Award, AwardAmendment, AwardDecision
from .budgets import AwardBudgetLine, BudgetCategory
from .counties import County, ServiceArea
from .invoices import Invoice, InvoiceAttachment, InvoiceLine
from .organizations import Invitation, Membership, Organization
from .quarterly import Metric, MetricValue, QuarterlyReport, ReportingPeriod, ReportVersion
from .reference import CountyStatistic
from .reviews import ReviewAssignment, RubricCriterion, Score
from .rounds import FundingRound, Program

__all__ = [
    "Application",
    "Attachment",
    "Award",
    "AwardAmendment",
    "AwardBudgetLine",
    "AwardDecision",
    "BudgetCategory",
    "County",
    "CountyStatistic",
    "EligibilityOverride",
    "FundingRound",
    "Goal",
    "Invitation",
    "Invoice",
    "InvoiceAttachment",
    "InvoiceLine",
    "Membership",
    "Metric",
    "MetricValue",
    "Organization",
    "Partner",
    "Program",
    "QuarterlyReport",
    "ReportVersion",
    "ReportingPeriod",
    "ReviewAssignment",
    "RubricCriterion",
    "Score",
    "ServiceArea",
]
