"""What is waiting for each member of staff: the counts of the work queue home, each linked to its list.

A program manager sees, per round still being decided, the applications to screen, the law-enforcement
applicants awaiting a decision, reviews assigned and overdue and decisions pending; across rounds, the
quarterly reports awaiting review and the grantees who are overdue; and the statute's report deadlines.
A reviewer sees their own assignments with due dates.

Invoices awaiting approval or payment have their own section. Other topics add theirs by appending a
function to ``QUEUE_SECTIONS``: each takes ``(user, today)`` and returns a list of ``QueueSection``.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..eligibility import LAW_ENFORCEMENT
from ..models import (
    Application,
    AwardDecision,
    FundingRound,
    Invoice,
    QuarterlyReport,
    ReportingPeriod,
    ReviewAssignment,
)
from .eligibility import round_outcomes
from .invoices import board_counts

OPEN_REVIEW = [ReviewAssignment.Status.ASSIGNED, ReviewAssignment.Status.IN_PROGRESS]


@dataclass(frozen=True)
class QueueItem:
    """One count on the work queue, and the filtered list it opens."""

    label: str
    count: int
    url: str
    is_urgent: bool = False


@dataclass
class QueueSection:
    title: str
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class StatutoryDeadline:
    """A report to the Legislature that RCW 43.330.545 requires, and the day it is due."""

    label: str
    due_on: date

    def is_passed(self, today):
        return self.due_on < today


# RCW 43.330.545 (ESSB 5353, 2021; SB 5561, 2023): a preliminary report by 1 January 2022, a final report by
# 1 December 2023, then reports in odd-numbered years until the program ends on 1 January 2029. The statute
# names odd years for the later reports; the portal plans them for 1 December, like the final report.
STATUTORY_DEADLINES = (
    StatutoryDeadline(_("Preliminary report: selected grantees and reporting guidelines"), date(2022, 1, 1)),
    StatutoryDeadline(_("Final report: analysis of the data collected"), date(2023, 12, 1)),
    StatutoryDeadline(_("Biennial report on implementation and outcomes (2025)"), date(2025, 12, 1)),
    StatutoryDeadline(_("Biennial report on implementation and outcomes (2027)"), date(2027, 12, 1)),
    StatutoryDeadline(_("Biennial report on implementation and outcomes (2029)"), date(2029, 1, 1)),
)


def _url(name, *args, **query):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def rounds_being_decided():
    """Rounds whose decisions are not final yet, newest first."""
    return FundingRound.objects.filter(decisions_finalized_at__isnull=True).order_by("-opens_on", "slug")


def round_section(funding_round, today):
    """Screening, review and decision counts of one round (a constant number of queries)."""
    outcomes = round_outcomes(funding_round)
    decided = set(
        AwardDecision.objects.filter(application__funding_round=funding_round).values_list(
            "application_id", flat=True
        )
    )
    submitted = [o for o in outcomes.values() if o.facts.status == Application.Status.SUBMITTED]
    law_enforcement_waiting = sum(
        1 for o in submitted if o.facts.organization_type == LAW_ENFORCEMENT and o.facts.id not in decided
    )
    eligible_undecided = sum(1 for o in submitted if o.is_eligible and o.facts.id not in decided)
    reviews = ReviewAssignment.objects.filter(
        application__funding_round=funding_round, status__in=OPEN_REVIEW
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    slug = funding_round.slug
    return QueueSection(
        title=funding_round.name,
        items=[
            QueueItem(
                _("Applications to screen"),
                len(submitted),
                _url("grants:screening_list", slug, status=Application.Status.SUBMITTED),
            ),
            QueueItem(
                _("Law-enforcement applicants awaiting a decision"),
                law_enforcement_waiting,
                _url(
                    "grants:screening_list",
                    slug,
                    status=Application.Status.SUBMITTED,
                    organization_type=LAW_ENFORCEMENT,
                ),
            ),
            QueueItem(
                _("Reviews assigned and not submitted"),
                reviews["open"],
                _url("grants:staff_reviewer_load", slug, state="open"),
            ),
            QueueItem(
                _("Reviews overdue"),
                reviews["overdue"],
                _url("grants:staff_reviewer_load", slug, state="overdue"),
                is_urgent=bool(reviews["overdue"]),
            ),
            QueueItem(
                _("Eligible applications without a decision"),
                eligible_undecided,
                _url("grants:staff_ranking", slug, eligibility="eligible", decision="none"),
            ),
        ],
    )


def quarterly_section(today):
    """Quarterly reports awaiting review and overdue grantees, per round that has awards (two queries)."""
    awaiting = Counter(
        dict(
            QuarterlyReport.objects.filter(status=QuarterlyReport.Status.SUBMITTED)
            .values_list("period__award__funding_round__slug")
            .annotate(n=Count("pk"))
            .values_list("period__award__funding_round__slug", "n")
        )
    )
    overdue = Counter(
        dict(
            ReportingPeriod.objects.filter(is_active=True, due_on__lt=today)
            .exclude(
                report__status__in=[
                    QuarterlyReport.Status.SUBMITTED,
                    QuarterlyReport.Status.ACCEPTED,
                    QuarterlyReport.Status.RETURNED,
                ]
            )
            .values_list("award__funding_round__slug")
            .annotate(n=Count("award", distinct=True))
            .values_list("award__funding_round__slug", "n")
        )
    )
    names = dict(
        FundingRound.objects.filter(slug__in=set(awaiting) | set(overdue)).values_list("slug", "name")
    )
    section = QueueSection(title=_("Quarterly reports"))
    for slug in sorted(names):
        section.items.append(
            QueueItem(
                _("%(round)s: reports awaiting review (oldest due first)") % {"round": names[slug]},
                awaiting[slug],
                _url("grants:staff_submissions", round=slug, state="submitted"),
            )
        )
        section.items.append(
            QueueItem(
                _("%(round)s: grantees with an overdue report") % {"round": names[slug]},
                overdue[slug],
                _url("grants:staff_submissions", round=slug, state="missing"),
                is_urgent=bool(overdue[slug]),
            )
        )
    return section


def program_manager_sections(user, today):
    sections = [round_section(r, today) for r in rounds_being_decided()]
    sections.append(quarterly_section(today))
    return sections


def invoice_section(user, today):
    """Reimbursement invoices awaiting a program manager's approval, and approved ones awaiting a fiscal
    officer's payment (one query)."""
    counts = board_counts()
    return [
        QueueSection(
            title=_("Invoices"),
            items=[
                QueueItem(
                    _("Invoices awaiting approval"),
                    counts.get(Invoice.Status.SUBMITTED, 0),
                    _url("grants:staff_invoices", status=Invoice.Status.SUBMITTED),
                ),
                QueueItem(
                    _("Approved invoices awaiting payment"),
                    counts.get(Invoice.Status.APPROVED, 0),
                    _url("grants:staff_invoices", status=Invoice.Status.APPROVED),
                ),
            ],
        )
    ]


# Sections every program manager's queue shows, in order. Append a function (user, today) -> [QueueSection]
# to add one.
QUEUE_SECTIONS = [program_manager_sections, invoice_section]


def work_queue(user, today=None):
    """The program manager's work queue: sections of linked counts."""
    today = today or timezone.localdate()
    return [section for build in QUEUE_SECTIONS for section in build(user, today)]


def statutory_deadlines(today=None):
    """The statute's report deadlines, and the next one still to come."""
    today = today or timezone.localdate()
    upcoming = [d for d in STATUTORY_DEADLINES if not d.is_passed(today)]
    return {"deadlines": STATUTORY_DEADLINES, "next": upcoming[0] if upcoming else None, "today": today}


def reviewer_queue(reviewer, today=None):
    """A reviewer's open assignments, due first (undated last), and how many are overdue."""
    today = today or timezone.localdate()
    assignments = list(
        ReviewAssignment.objects.filter(reviewer=reviewer, status__in=OPEN_REVIEW)
        .select_related("application__organization", "application__funding_round")
        .order_by(
            "due_on",
            "application__reference",
        )
    )
    assignments.sort(key=lambda a: (a.due_on is None, a.due_on or today))
    for assignment in assignments:
        assignment.is_overdue = assignment.due_on is not None and assignment.due_on < today
    return {"open_assignments": assignments, "overdue_count": sum(a.is_overdue for a in assignments)}
