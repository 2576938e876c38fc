"""Legislative reports: staff pages and the public reports page."""

from django.urls import path, re_path

from .views import public, staff

app_name = "reporting"

FILENAME = r"(?P<filename>report\.pdf|summary-es\.pdf|summary-tl\.pdf|data\.zip)"

urlpatterns = [
    path("staff/reports/", staff.run_list, name="staff_reports"),
    path("staff/reports/generate/", staff.generate, name="staff_generate"),
    path("staff/reports/<int:run_id>/", staff.run_detail, name="staff_run"),
    path("staff/reports/<int:run_id>/status/", staff.run_status, name="staff_run_status"),
    path("staff/reports/<int:run_id>/preview/", staff.preview, name="staff_preview"),
    path("staff/reports/<int:run_id>/publish/", staff.publish, name="staff_publish"),
    path("staff/reports/<int:run_id>/files/<str:kind>/", staff.download, name="staff_download"),
    path(
        "staff/reports/narratives/<slug:round_slug>/<str:kind>/", staff.narrative_edit, name="staff_narrative"
    ),
    path("reports/", public.report_list, name="public_reports"),
    re_path(rf"^reports/(?P<run_id>\d+)/{FILENAME}$", public.published_file, name="public_file"),
    re_path(
        rf"^reports/latest/(?P<kind>[a-z]+)/(?P<round_slug>[-\w]+)/{FILENAME}$",
        public.latest_file,
        name="public_latest",
    ),
]
