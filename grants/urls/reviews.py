"""URLs of the reviews topic: staff review pages and the reviewers' own pages."""

from django.urls import path

from ..views.reviewer import reviews as reviewer
from ..views.staff import reviews as staff

urlpatterns = [
    path("staff/review/", staff.staff_review_home, name="staff_review_home"),
    path("staff/review/<slug:slug>/rubric/", staff.rubric, name="staff_rubric"),
    path("staff/review/<slug:slug>/assignments/", staff.assignments, name="staff_assignments"),
    path(
        "staff/review/<slug:slug>/assignments/<int:assignment_id>/unassign/",
        staff.unassign,
        name="staff_unassign",
    ),
    path(
        "staff/review/<slug:slug>/assignments/<int:assignment_id>/reopen/", staff.reopen, name="staff_reopen"
    ),
    path("staff/review/<slug:slug>/reviewers/", staff.reviewer_load, name="staff_reviewer_load"),
    path("staff/review/<slug:slug>/ranking/", staff.ranking, name="staff_ranking"),
    path("review/", reviewer.reviewer_home, name="reviewer_home"),
    path("review/<int:assignment_id>/", reviewer.review, name="reviewer_review"),
    path("review/<int:assignment_id>/autosave/", reviewer.autosave, name="reviewer_autosave"),
]
