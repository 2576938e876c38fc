"""URLs of the staff screening topic."""

from django.urls import path

from ..views.staff import rounds
from ..views.staff import screening as staff

urlpatterns = [
    path("staff/rounds/", staff.staff_rounds, name="staff_rounds"),
    path("staff/rounds/new/", rounds.round_new, name="round_new"),
    path("staff/rounds/<slug:slug>/settings/", rounds.round_settings, name="round_settings"),
    path("staff/rounds/<slug:slug>/open/", rounds.round_open, name="round_open"),
    path("staff/rounds/<slug:slug>/close/", rounds.round_close, name="round_close"),
    path("staff/rounds/<slug:slug>/", staff.round_dashboard, name="round_dashboard"),
    path("staff/rounds/<slug:slug>/applications/", staff.screening_list, name="screening_list"),
    path("staff/rounds/<slug:slug>/applications.csv", staff.screening_export, name="screening_export"),
    path("staff/rounds/<slug:slug>/applications/assign/", staff.screening_assign, name="screening_assign"),
    path(
        "staff/rounds/<slug:slug>/applications/selected.csv",
        staff.screening_export_selected,
        name="screening_export_selected",
    ),
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
