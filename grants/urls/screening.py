"""URLs of the staff screening topic."""

from django.urls import path

from ..views.staff import screening as staff

urlpatterns = [
    path("staff/rounds/", staff.staff_rounds, name="staff_rounds"),
    path("staff/rounds/<slug:slug>/", staff.round_dashboard, name="round_dashboard"),
    path("staff/rounds/<slug:slug>/applications/", staff.screening_list, name="screening_list"),
    path("staff/rounds/<slug:slug>/applications.csv", staff.screening_export, name="screening_export"),
    path(
        "staff/applications/<int:application_id>/",
        staff.staff_application_detail,
        name="staff_application_detail",
    ),
    path(
        "staff/applications/<int:application_id>/eligibility/",
        staff.eligibility_override,
        name="eligibility_override",
    ),
]
