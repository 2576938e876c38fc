"""The grant domain, one module per topic."""

from .applications import Application, Attachment, EligibilityOverride, Goal, Partner
from .awards import Award, AwardAmendment, AwardDecision
from .counties import County, ServiceArea
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
    "AwardDecision",
    "County",
    "CountyStatistic",
    "EligibilityOverride",
    "FundingRound",
    "Goal",
    "Invitation",
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
