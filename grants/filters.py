"""django-filter sets for staff lists: screening, reviewer assignments, ranking and awards."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Application, Award, County, Organization
from .selectors.applications import BLOCKED, ELIGIBLE, NOT_ELIGIBLE, outcome_code
from .selectors.eligibility import narrowed_by_outcome


def round_counties(funding_round):
    """The counties a round's filters offer: its eligible counties and any its applications name (an
    application can name a county outside a listed round), by name."""
    if funding_round.is_statewide:
        return County.objects.order_by("name")
    return (
        County.objects.filter(Q(rounds=funding_round) | Q(applications__funding_round=funding_round))
        .distinct()
        .order_by("name")
    )


class ScreeningFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    county = django_filters.ModelChoiceFilter(
        label=_("County"), queryset=County.objects.all(), field_name="counties", empty_label=_("All counties")
    )
    organization_type = django_filters.ChoiceFilter(
        label=_("Type of organization"),
        field_name="organization__org_type",
        choices=Organization.Type.choices,
        empty_label=_("All types"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (Application.Status.SUBMITTED, _("Submitted")),
            (Application.Status.WITHDRAWN, _("Withdrawn")),
        ],
        empty_label=_("Submitted and withdrawn"),
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Eligibility"),
        method="filter_outcome",
        choices=[
            (ELIGIBLE, _("Eligible")),
            (NOT_ELIGIBLE, _("Not eligible")),
            (BLOCKED, _("Blocked by the law-enforcement rule")),
        ],
        empty_label=_("Any result"),
    )

    class Meta:
        model = Application
        fields = ["q", "county", "organization_type", "status", "outcome"]

    def __init__(self, *args, outcomes, funding_round, **kwargs):
        self.outcomes = outcomes
        super().__init__(*args, **kwargs)
        self.filters["county"].queryset = round_counties(funding_round)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.form.fields["q"].help_text = _("Reference, organization or project title.")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(organization__legal_name__icontains=value)
            | Q(project_title__icontains=value)
        )

    def filter_outcome(self, queryset, name, value):
        return narrowed_by_outcome(
            queryset,
            self.outcomes,
            lambda outcome: (
                outcome.facts.status == Application.Status.SUBMITTED and outcome_code(outcome) == value
            ),
        )


class BootstrapFilterSet(django_filters.FilterSet):
    """A filter set whose widgets carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")
        return form


class RankingFilter(BootstrapFilterSet):
    """Filters of a round's ranking. ``outcomes`` (the round's eligibility) is passed in by the view."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    county = django_filters.ModelChoiceFilter(
        label=_("County"), field_name="counties", queryset=County.objects.all(), empty_label=_("Any county")
    )
    eligibility = django_filters.ChoiceFilter(
        label=_("Eligibility"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        method="filter_eligibility",
        empty_label=_("Any"),
    )
    decision = django_filters.ChoiceFilter(
        label=_("Decision"),
        choices=[("award", _("Award")), ("decline", _("Decline")), ("none", _("Not decided"))],
        method="filter_decision",
        empty_label=_("Any"),
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, outcomes=None, funding_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes or {}
        if funding_round is not None:
            self.filters["county"].queryset = round_counties(funding_round)

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(organization__legal_name__icontains=value)
            | Q(project_title__icontains=value)
        )

    def filter_eligibility(self, queryset, name, value):
        eligible = [pk for pk, outcome in self.outcomes.items() if outcome.is_eligible]
        if value == "eligible":
            return queryset.filter(pk__in=eligible)
        return queryset.exclude(pk__in=eligible)

    def filter_decision(self, queryset, name, value):
        if value == "none":
            return queryset.filter(decision__isnull=True)
        return queryset.filter(decision__outcome=value)


class AwardFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Award.Status.choices, empty_label=_("Any")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"), field_name="counties", queryset=County.objects.all(), empty_label=_("Any county")
    )

    class Meta:
        model = Award
        fields = []

    def __init__(self, *args, funding_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        if funding_round is not None:
            self.filters["county"].queryset = (
                County.objects.filter(awards__funding_round=funding_round).distinct().order_by("name")
            )

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(contract_number__icontains=value)
            | Q(organization__legal_name__icontains=value)
            | Q(application__reference__icontains=value)
        )


# The "reviewers assigned" filter of the assignment page offers "fewer than N" up to this N.
MOST_REVIEWERS_FILTERED = 5


def fewer_reviewers_choices():
    """(N, label) for "fewer than N reviewers", in the request's language (Django calls this per form)."""
    return [("1", gettext("Not yet assigned"))] + [
        (
            str(count),
            ngettext("Fewer than %(count)s reviewer", "Fewer than %(count)s reviewers", count)
            % {"count": count},
        )
        for count in range(2, MOST_REVIEWERS_FILTERED + 1)
    ]


class AssignmentFilter(BootstrapFilterSet):
    """Filters of the reviewer-assignment page; the queryset is ``selectors.reviews.assignment_candidates``
    (annotated with ``reviewer_count``)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    county = django_filters.ModelChoiceFilter(
        label=_("County"), queryset=County.objects.all(), method="filter_county", empty_label=_("Any county")
    )
    fewer_than = django_filters.ChoiceFilter(
        label=_("Reviewers assigned"),
        choices=fewer_reviewers_choices,
        method="filter_fewer_than",
        empty_label=_("Any number"),
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, funding_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["county"].queryset = round_counties(funding_round)
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "class": "form-control"})
        self.form.fields["q"].help_text = _("Reference or organization.")

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(organization__legal_name__icontains=value))

    def filter_county(self, queryset, name, value):
        # A subquery rather than a join, so the reviewer count annotated on the queryset stays right.
        return queryset.filter(
            pk__in=Application.counties.through.objects.filter(county=value).values("application_id")
        )

    def filter_fewer_than(self, queryset, name, value):
        return queryset.filter(reviewer_count__lt=int(value))
