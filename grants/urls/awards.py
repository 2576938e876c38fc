"""URLs of the awards topic: decisions, coverage, finalizing, awards and amendments (staff only)."""

from django.urls import path

from ..views.staff import awards as staff

urlpatterns = [
    path("staff/awards/<slug:slug>/decisions/", staff.decisions, name="staff_decisions"),
    path("staff/awards/<slug:slug>/decisions/<int:application_id>/", staff.decide, name="staff_decide"),
    path("staff/awards/<slug:slug>/coverage/", staff.coverage, name="staff_coverage"),
    path("staff/awards/<slug:slug>/finalize/", staff.finalize, name="staff_finalize"),
    path("staff/awards/<slug:slug>/", staff.awards, name="staff_awards"),
    path("staff/award/<int:award_id>/", staff.award_detail, name="staff_award_detail"),
    path("staff/award/<int:award_id>/amend/", staff.award_amend, name="staff_award_amend"),
    path("staff/award/<int:award_id>/status/", staff.award_status, name="staff_award_status"),
]
