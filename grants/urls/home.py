from django.urls import path

from ..views.staff import home

urlpatterns = [
    # The signed-in landing; /dashboard/ is the public program dashboard (opendata).
    path("my-work/", home.dashboard, name="dashboard"),
    path("staff/", home.staff_home, name="staff_home"),
    path("staff/audit/", home.audit_log, name="audit_log"),
]
