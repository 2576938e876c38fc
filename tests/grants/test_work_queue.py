"""The staff work queue: counts that link to their filtered lists, per role; reviewers see due dates."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import QuarterlyReport
from grants.selectors.work_queue import STATUTORY_DEADLINES, statutory_deadlines, work_queue
from tests.factories import (
    ApplicationFactory,
    AwardDecisionFactory,
    OrganizationFactory,
    QuarterlyReportFactory,
    ReportingPeriodFactory,
    ReviewAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def test_program_manager_queue_counts_link_to_filtered_lists(program_manager):
    ApplicationFactory(counties=["Yakima"])
    decided = ApplicationFactory(counties=["King"])
    AwardDecisionFactory(application=decided)
    ApplicationFactory(counties=["Pierce"], organization=OrganizationFactory(org_type="law_enforcement"))
    yesterday = timezone.localdate() - timedelta(days=1)
    ReviewAssignmentFactory(application=decided, due_on=yesterday)
    sections = work_queue(program_manager)
    pilot = next(s for s in sections if any("clep-2021" in i.url for i in s.items))
    items = {str(i.label): i for i in pilot.items}
    assert items["Applications to screen"].count == 3
    assert items["Applications to screen"].url == reverse("grants:screening_list", args=["clep-2021"]) + (
        "?status=submitted"
    )
    le = items["Law-enforcement applicants awaiting a decision"]
    assert le.count == 1 and "organization_type=law_enforcement" in le.url
    assert items["Reviews overdue"].count == 1 and items["Reviews overdue"].is_urgent
    # The law-enforcement applicant in Pierce is not blocked (no one else there), so two eligible are undecided.
    assert items["Eligible applications without a decision"].count == 2


def test_quarterly_reports_awaiting_review_and_overdue_grantees(program_manager):
    QuarterlyReportFactory(status=QuarterlyReport.Status.SUBMITTED)
    ReportingPeriodFactory(due_on=date(2022, 4, 30))  # nothing sent: overdue
    quarterly = next(s for s in work_queue(program_manager) if s.title == "Quarterly reports")
    counts = [(i.count, i.url) for i in quarterly.items]
    assert any(count == 1 and "state=submitted" in url for count, url in counts)
    assert any(count == 1 and "state=missing" in url for count, url in counts)


def test_invoices_awaiting_approval_and_payment_link_to_the_board(program_manager):
    from grants.models import Invoice
    from tests.factories.invoices import InvoiceFactory

    InvoiceFactory(status=Invoice.Status.SUBMITTED)
    InvoiceFactory(status=Invoice.Status.SUBMITTED)
    InvoiceFactory(status=Invoice.Status.APPROVED)
    InvoiceFactory(status=Invoice.Status.DRAFT)  # still the grantee's
    InvoiceFactory(status=Invoice.Status.PAID)
    invoices = next(s for s in work_queue(program_manager) if s.title == "Invoices")
    assert [(str(i.label), i.count, i.url) for i in invoices.items] == [
        ("Invoices awaiting approval", 2, reverse("grants:staff_invoices") + "?status=submitted"),
        ("Approved invoices awaiting payment", 1, reverse("grants:staff_invoices") + "?status=approved"),
    ]


def test_statutory_deadlines_name_the_next_one():
    assert [d.due_on for d in STATUTORY_DEADLINES][:2] == [date(2022, 1, 1), date(2023, 12, 1)]
    assert statutory_deadlines(date(2023, 6, 1))["next"].due_on == date(2023, 12, 1)
    assert statutory_deadlines(date(2030, 1, 1))["next"] is None


def test_work_queue_page_shows_linked_counts(staff_client):
    ApplicationFactory()
    response = staff_client.get(reverse("grants:staff_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("grants:screening_list", args=["clep-2021"]) + "?status=submitted" in html
    assert "Reports the statute requires" in html and "1 December 2023" in html


def test_reviewer_sees_own_assignments_with_due_dates(client, reviewer):
    soon = timezone.localdate() + timedelta(days=3)
    late = timezone.localdate() - timedelta(days=3)
    ReviewAssignmentFactory(reviewer=reviewer, due_on=soon, application=ApplicationFactory(reference="A-2"))
    ReviewAssignmentFactory(reviewer=reviewer, due_on=late, application=ApplicationFactory(reference="A-1"))
    ReviewAssignmentFactory(application=ApplicationFactory(reference="OTHER-9"))
    client.force_login(reviewer)
    response = client.get(reverse("grants:staff_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "OTHER-9" not in html
    assert html.index("A-1") < html.index("A-2")
    assert "1 review is overdue." in html
    assert "Reports the statute requires" not in html


def test_work_queue_queries_do_not_grow_with_data(program_manager, django_assert_max_num_queries):
    for _ in range(30):
        ApplicationFactory()
    with django_assert_max_num_queries(30):
        work_queue(program_manager)
