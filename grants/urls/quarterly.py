"""URLs of quarterly reporting: grantee pages under /my/quarterly/, staff pages under /staff/."""

from django.urls import path

from ..views.applicant import quarterly as grantee
from ..views.staff import quarterly as staff

urlpatterns = [
    path("my/quarterly/", grantee.quarterly_home, name="quarterly_home"),
    path("my/quarterly/<int:period_id>/", grantee.report_edit, name="quarterly_report"),
    path("my/quarterly/<int:period_id>/autosave/", grantee.report_autosave, name="quarterly_autosave"),
    path("my/quarterly/<int:period_id>/review/", grantee.report_review, name="quarterly_review"),
    path("my/quarterly/<int:period_id>/template.csv", grantee.report_template, name="quarterly_template"),
    path("my/quarterly/<int:period_id>/upload/", grantee.report_upload, name="quarterly_upload"),
    path(
        "my/quarterly/awards/<int:award_id>/progress/", grantee.progress_dashboard, name="quarterly_progress"
    ),
    path(
        "my/quarterly/awards/<int:award_id>/progress/<slug:code>.svg",
        grantee.progress_chart,
        name="quarterly_progress_chart",
    ),
    path("staff/submissions/", staff.submissions, name="staff_submissions"),
    path("staff/submissions/export.csv", staff.submissions_export, name="staff_submissions_export"),
    path("staff/submissions/figures.csv", staff.figures_export, name="staff_figures_export"),
    path("staff/submissions/<int:report_id>/", staff.submission_detail, name="staff_submission"),
    path(
        "staff/submissions/<int:report_id>/accept/", staff.submission_accept, name="staff_submission_accept"
    ),
    path(
        "staff/submissions/<int:report_id>/return/", staff.submission_return, name="staff_submission_return"
    ),
    path("staff/rounds/<slug:round_slug>/metrics/", staff.metric_list, name="staff_metrics"),
    path("staff/rounds/<slug:round_slug>/metrics/new/", staff.metric_create, name="staff_metric_create"),
    path("staff/metrics/<int:metric_id>/edit/", staff.metric_edit, name="staff_metric_edit"),
]
