"""Filters of the open data API's lists: round (slug), county (FIPS code or name), quarter (2022-Q1)."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q

from grants.models import Award, Metric, Organization, QuarterlyReport
from reporting.models import ReportKind, ReportRun

QUARTER = RegexValidator(r"^\d{4}-Q[1-4]$", "Give a quarter as YYYY-Qn, e.g. 2022-Q1.")


def _county_q(prefix, value):
    value = value.strip()
    return Q(**{f"{prefix}counties__fips": value}) | Q(**{f"{prefix}counties__name__iexact": value})


class AwardFilter(django_filters.FilterSet):
    round = django_filters.CharFilter(field_name="funding_round__slug", help_text="Funding round slug")
    county = django_filters.CharFilter(method="by_county", help_text="County FIPS code or name")
    status = django_filters.ChoiceFilter(choices=Award.Status.choices)

    class Meta:
        model = Award
        fields = ["round", "county", "status"]

    def by_county(self, queryset, name, value):
        return queryset.filter(_county_q("", value)).distinct()


class OrganizationFilter(django_filters.FilterSet):
    round = django_filters.CharFilter(method="by_round", help_text="Funding round slug")
    county = django_filters.CharFilter(method="by_county", help_text="County FIPS code or name")

    class Meta:
        model = Organization
        fields = ["round", "county"]

    def by_round(self, queryset, name, value):
        return queryset.filter(awards__funding_round__slug=value).distinct()

    def by_county(self, queryset, name, value):
        return queryset.filter(_county_q("awards__", value)).distinct()


class QuarterlyMetricsFilter(django_filters.FilterSet):
    round = django_filters.CharFilter(
        field_name="period__award__funding_round__slug", help_text="Funding round slug"
    )
    county = django_filters.CharFilter(method="by_county", help_text="County FIPS code or name")
    quarter = django_filters.CharFilter(method="by_quarter", validators=[QUARTER], help_text="e.g. 2022-Q1")
    award = django_filters.CharFilter(
        field_name="period__award__contract_number", help_text="Contract number"
    )
    organization = django_filters.NumberFilter(field_name="period__award__organization_id")

    class Meta:
        model = QuarterlyReport
        fields = ["round", "county", "quarter", "award", "organization"]

    def by_county(self, queryset, name, value):
        return queryset.filter(_county_q("period__award__", value)).distinct()

    def by_quarter(self, queryset, name, value):
        year, quarter = value.split("-Q")
        return queryset.filter(period__year=int(year), period__quarter=int(quarter))


class MetricDefinitionFilter(django_filters.FilterSet):
    round = django_filters.CharFilter(field_name="funding_round__slug", help_text="Funding round slug")

    class Meta:
        model = Metric
        fields = ["round", "category"]


class ReportFilter(django_filters.FilterSet):
    round = django_filters.CharFilter(field_name="funding_round__slug", help_text="Funding round slug")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices)

    class Meta:
        model = ReportRun
        fields = ["round", "kind"]
