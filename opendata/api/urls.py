"""The open data API, version 1: /api/v1/…"""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "opendata_api"

router = SimpleRouter(trailing_slash=True)
router.register("rounds", views.RoundViewSet, basename="round")
router.register("awards", views.AwardViewSet, basename="award")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("quarterly-metrics", views.QuarterlyMetricsViewSet, basename="quarterly-metrics")
router.register("metric-definitions", views.MetricDefinitionViewSet, basename="metric-definition")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", views.api_docs, name="docs"),
    path("360giving.json", views.Giving360View.as_view(), name="360giving"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    *router.urls,
]
