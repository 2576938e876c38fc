"""The public program dashboard, its CSV downloads and the data catalog."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/data/<slug:table>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/organizations/<int:organization_id>/", views.organization, name="organization"),
    path(
        "dashboard/organizations/<int:organization_id>/activities.csv",
        views.organization_csv,
        name="organization_csv",
    ),
    path("data.json", views.catalog, name="catalog"),
]
