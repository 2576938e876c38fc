"""The open data API (read-only, anonymous): each list is cached per data version with ETag and Last-Modified.

Django REST framework gives pagination, filters, throttling and content negotiation; drf-spectacular derives
the OpenAPI 3 document from the same serializers and filters, so the document cannot drift from the answers
(the test suite fuzzes the API from it).
"""

from django.shortcuts import render
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from grants.selectors.figures import figures_as_json, metric_total

from .. import selectors
from ..cache import cached, conditional_response
from ..dashboard import figures_for, published_rounds
from ..giving360 import NoGrants, package_for_round
from . import filters, serializers

ROUND_PARAMETER = OpenApiParameter(
    "round", str, required=True, description="Funding round slug, e.g. clep-2021"
)


def render_json(data):
    return JSONRenderer().render(data)


class CachedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail whose JSON is built once per data version (in English, whoever asks)."""

    def _cached(self, request, action, build):
        def render():
            with translation.override("en"):
                return render_json(build().data)

        return conditional_response(request, ("api", action, request.get_full_path()), render)

    def list(self, request, *args, **kwargs):
        return self._cached(
            request, "list", lambda: super(CachedReadOnlyViewSet, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return self._cached(
            request, "retrieve", lambda: super(CachedReadOnlyViewSet, self).retrieve(request, *args, **kwargs)
        )


class RoundViewSet(CachedReadOnlyViewSet):
    """Funding rounds: dates, counties, budget and award cap."""

    serializer_class = serializers.RoundSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = None

    def get_queryset(self):
        return selectors.public_rounds()


class AwardViewSet(CachedReadOnlyViewSet):
    """Awards (grant contracts): organization, counties served, amount, period and status."""

    serializer_class = serializers.AwardSerializer
    filterset_class = filters.AwardFilter

    def get_queryset(self):
        return selectors.public_awards()


class OrganizationViewSet(CachedReadOnlyViewSet):
    """Funded organizations: public fields only (no contact data, no street address)."""

    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter

    def get_queryset(self):
        return selectors.funded_organizations()


class QuarterlyMetricsViewSet(CachedReadOnlyViewSet):
    """Accepted quarterly values, one record per award and quarter (reports not yet accepted are left out)."""

    serializer_class = serializers.QuarterlyMetricsSerializer
    filterset_class = filters.QuarterlyMetricsFilter

    def get_queryset(self):
        return selectors.accepted_reports()


class MetricDefinitionViewSet(CachedReadOnlyViewSet):
    """What each metric code means, per round, in English, Spanish and Tagalog."""

    serializer_class = serializers.MetricDefinitionSerializer
    filterset_class = filters.MetricDefinitionFilter

    def get_queryset(self):
        return selectors.metric_definitions()


class ReportViewSet(CachedReadOnlyViewSet):
    """Published legislative reports, with their PDF and data files and checksums."""

    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        return selectors.published_reports()


class Giving360View(APIView):
    """A round's awards as a 360Giving data package (standard 1.4), valid against the official schema."""

    @extend_schema(
        parameters=[ROUND_PARAMETER],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="360Giving data package"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="No round given, or not a slug"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Unknown round, or a round with no awards"),
        },
    )
    def get(self, request):
        slug = request.query_params.get("round", "").strip()
        if not slug:
            return _error(request, 400, "Give a round, e.g. ?round=clep-2021.")
        if not is_clean(slug):
            return _error(request, 400, "A round slug has letters, digits and hyphens only.")
        if not cached(("round-exists", slug), lambda: selectors.round_by_slug(slug) is not None):
            return _error(request, 404, f"There is no round {slug!r}.")

        def render():
            with translation.override("en"):
                return render_json(package_for_round(selectors.round_by_slug(slug), request))

        try:
            return conditional_response(request, ("360giving", slug), render)
        except NoGrants:
            return _error(request, 404, f"Round {slug!r} has no awards yet.")


def is_clean(text):
    # Query text goes into SQL parameters; PostgreSQL refuses a NUL character (a 500 otherwise).
    return "\x00" not in text


def _error(request, status, detail):
    return Response({"detail": detail}, status=status)


def api_docs(request):
    """Browsable documentation: Swagger UI (vendored in static/, started by static/js/api_docs.js)."""
    return render(request, "opendata/api_docs.html")


class FiguresView(APIView):
    """Program figures from the read model (accepted quarterly data only), for one round or every round."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "round", str, description="Funding round slug; all rounds with awards if omitted"
            )
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT, description="The figures, as the program_figures command gives them"
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Not a slug"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Unknown round or no awards"),
        },
    )
    def get(self, request):
        slug = request.query_params.get("round", "").strip()
        if not is_clean(slug):
            return _error(request, 400, "A round slug has letters, digits and hyphens only.")
        rounds = cached(("rounds", slug), lambda: published_rounds(slug or None))
        if not rounds:
            return _error(
                request, 404, f"There is no round {slug!r} with awards." if slug else "No awards yet."
            )
        return conditional_response(request, ("figures", slug), lambda: render_json(figures_document(rounds)))


def figures_document(rounds):
    figures = figures_for(rounds)
    document = figures_as_json(figures)
    document["accepted_only"] = True
    document["metrics_by_quarter"] = {
        quarter: {
            code: metric_total(total, figures.metric_kinds.get(code))
            for code, total in sorted(totals.items())
        }
        for quarter, totals in figures.metrics_by_quarter.items()
    }
    return document
