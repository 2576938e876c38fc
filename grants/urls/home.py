from django.urls import path

from ..views.staff import home

urlpatterns = [
    path("dashboard/", home.dashboard, name="dashboard"),
    path("staff/", home.staff_home, name="staff_home"),
    path("staff/audit/", home.audit_log, name="audit_log"),
]
