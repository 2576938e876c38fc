"""What the open data API publishes of each record: public fields only, amounts as decimal strings."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grants.models import Award, FundingRound, Metric, Organization, QuarterlyReport
from reporting.models import FILENAMES, ReportRun

from ..identifiers import grant_id, organization_id


class CountySerializer(serializers.Serializer):
    fips = serializers.CharField(help_text="Census FIPS code, e.g. 53077")
    name = serializers.CharField()


class ServiceAreaSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    counties = CountySerializer(many=True, source="counties.all")


class RoundSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.name")
    eligible_counties = CountySerializer(many=True, source="eligible_counties.all")
    service_areas = ServiceAreaSerializer(many=True, source="service_areas.all")
    is_finalized = serializers.BooleanField(help_text="Award decisions are final and awards exist.")

    class Meta:
        model = FundingRound
        fields = [
            "slug",
            "name",
            "program",
            "opens_on",
            "closes_on",
            "period_start",
            "period_end",
            "is_statewide",
            "eligible_counties",
            "service_areas",
            "award_cap",
            "budget",
            "is_finalized",
        ]


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="legal_name")
    org_id = serializers.SerializerMethodField(help_text="360Giving organisation identifier (org-id).")

    @extend_schema_field(OpenApiTypes.STR)
    def get_org_id(self, organization):
        return organization_id(organization)


class AwardSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="funding_round.slug")
    organization = OrganizationRefSerializer()
    counties = CountySerializer(many=True, source="counties.all")
    project_title = serializers.CharField(source="application.project_title")
    grant_id = serializers.SerializerMethodField(help_text="360Giving grant identifier.")

    class Meta:
        model = Award
        fields = [
            "id",
            "contract_number",
            "grant_id",
            "round",
            "organization",
            "project_title",
            "counties",
            "amount",
            "period_start",
            "period_end",
            "status",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_grant_id(self, award):
        return grant_id(award)


class AwardRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract_number = serializers.CharField()
    round = serializers.CharField(source="funding_round.slug")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    counties = CountySerializer(many=True, source="counties.all")


class OrganizationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="legal_name")
    org_id = serializers.SerializerMethodField(help_text="360Giving organisation identifier (org-id).")
    awards = AwardRefSerializer(many=True, source="public_awards")

    class Meta:
        model = Organization
        fields = ["id", "name", "org_id", "org_type", "ubi", "city", "website", "awards"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_org_id(self, organization):
        return organization_id(organization)


class QuarterlyMetricsSerializer(serializers.ModelSerializer):
    award_id = serializers.IntegerField(source="period.award_id")
    contract_number = serializers.CharField(source="period.award.contract_number")
    round = serializers.CharField(source="period.award.funding_round.slug")
    organization_id = serializers.IntegerField(source="period.award.organization_id")
    quarter = serializers.CharField(source="period.label", help_text="Calendar quarter, e.g. 2022-Q1")
    period_start = serializers.DateField(source="period.starts_on")
    period_end = serializers.DateField(source="period.ends_on")
    accepted_at = serializers.DateTimeField(source="reviewed_at", allow_null=True)
    values = serializers.SerializerMethodField(
        help_text="Accepted value of each numeric metric, by metric code (decimal strings)."
    )

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "award_id",
            "contract_number",
            "round",
            "organization_id",
            "quarter",
            "period_start",
            "period_end",
            "accepted_at",
            "values",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "decimal"}})
    def get_values(self, report):
        return {value.metric.code: f"{value.number:.2f}" for value in report.public_values}


class MetricDefinitionSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="funding_round.slug")
    label = serializers.SerializerMethodField()
    help_text = serializers.SerializerMethodField()

    class Meta:
        model = Metric
        fields = [
            "round",
            "code",
            "category",
            "kind",
            "label",
            "help_text",
            "min_value",
            "max_value",
            "order",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_label(self, metric):
        return {str(k): str(v) for k, v in (metric.label or {}).items()}

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_help_text(self, metric):
        return {str(k): str(v) for k, v in (metric.help_text or {}).items()}


class ReportFileSerializer(serializers.Serializer):
    kind = serializers.CharField()
    url = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class ReportSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="funding_round.slug")
    title = serializers.CharField()
    is_current = serializers.BooleanField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "round",
            "title",
            "parameters",
            "published_at",
            "superseded_at",
            "is_current",
            "files",
        ]

    @extend_schema_field(ReportFileSerializer(many=True))
    def get_files(self, run):
        request = self.context.get("request")
        files = []
        for artifact in run.public_artifacts:
            url = reverse("reporting:public_file", args=[run.pk, FILENAMES[artifact.kind]])
            files.append(
                {
                    "kind": artifact.kind,
                    "url": request.build_absolute_uri(url) if request else url,
                    "sha256": artifact.sha256,
                    "size": artifact.size,
                }
            )
        return files
