"""Eligibility outcomes are cached per round, and every change that can move an outcome is seen at once.

Each test watches a law-enforcement applicant in Yakima County, whose outcome depends on everyone else's
(the law-enforcement rule), reads it once so the round's outcomes are cached, makes one kind of change, and
checks that the outcome moved.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.imports import IMPORT_COLUMNS
from grants.models import Application, FundingRound
from grants.selectors.eligibility import application_outcome, round_outcomes
from grants.services.applications import (
    clear_eligibility_override,
    override_eligibility,
    submit_application,
    withdraw_application,
)
from grants.services.imports import import_applications_csv
from tests.factories import (
    ApplicationFactory,
    DraftApplicationFactory,
    GoalFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheriff():
    return ApplicationFactory(
        organization=OrganizationFactory(org_type="law_enforcement"), counties=["Yakima"]
    )


def is_blocked(application):
    return bool(application_outcome(application).blocked_by)


def test_outcomes_are_computed_once_then_read_with_one_query(sheriff):
    round_outcomes(sheriff.funding_round)
    with CaptureQueriesContext(connection) as queries:
        outcomes = round_outcomes(sheriff.funding_round)
    assert len(queries) == 1  # the round's outcomes version
    assert outcomes[sheriff.pk].is_eligible


def test_without_the_cache_outcomes_are_computed_on_every_call(sheriff, settings):
    settings.ELIGIBILITY_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        round_outcomes(sheriff.funding_round)
    assert len(queries) > 1


def test_a_submission_is_seen(sheriff, open_round):
    membership = MembershipFactory()
    draft = DraftApplicationFactory(organization=membership.organization, counties=["Yakima"])
    PartnerFactory(application=draft, partner_type="law_enforcement")
    PartnerFactory(application=draft, partner_type="dei")
    GoalFactory(application=draft)
    assert not is_blocked(sheriff)
    submit_application(draft, by=membership.user)
    assert application_outcome(sheriff).blocked_by_references == [draft.reference]


def test_a_withdrawal_is_seen(sheriff):
    membership = MembershipFactory()
    nonprofit = ApplicationFactory(organization=membership.organization, counties=["Yakima"])
    assert is_blocked(sheriff)
    withdraw_application(nonprofit, by=membership.user, reason="Merged with another applicant.")
    assert not is_blocked(sheriff)


def test_an_override_set_and_cleared_is_seen(sheriff, program_manager):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert is_blocked(sheriff)
    override_eligibility(nonprofit, is_eligible=False, reason="No partner letter.", by=program_manager)
    assert not is_blocked(sheriff)
    clear_eligibility_override(nonprofit, reason="Letter found.", by=program_manager)
    assert is_blocked(sheriff)


def test_an_edit_of_the_counties_is_seen(sheriff):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert is_blocked(sheriff)
    nonprofit.counties.set(nonprofit.funding_round.eligible_counties.filter(name="King"))
    assert not is_blocked(sheriff)


def test_an_edit_of_the_communities_is_seen():
    sheriff = ApplicationFactory(
        organization=OrganizationFactory(org_type="law_enforcement"),
        counties=["King"],
        communities=["wapato"],
    )
    nonprofit = ApplicationFactory(counties=["Yakima"], communities=["Wapato"])
    assert is_blocked(sheriff)
    nonprofit.communities = ["Toppenish"]
    nonprofit.save()
    assert not is_blocked(sheriff)


def test_an_edit_of_a_criterion_flag_is_seen(sheriff):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert is_blocked(sheriff)
    nonprofit.has_dei_partner = False
    nonprofit.save()
    assert not application_outcome(nonprofit).is_eligible
    assert not is_blocked(sheriff)


@pytest.mark.parametrize("org_type", ["for_profit", "law_enforcement"])
def test_a_change_of_organization_type_is_seen(sheriff, org_type):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert is_blocked(sheriff)
    nonprofit.organization.org_type = org_type
    nonprofit.organization.save()
    assert not is_blocked(sheriff)


def test_a_change_of_the_round_rules_is_seen(sheriff):
    nonprofit = ApplicationFactory(counties=["Yakima"], has_dei_partner=False)
    assert not is_blocked(sheriff)
    pilot = FundingRound.objects.get(pk=nonprofit.funding_round_id)
    pilot.rules = {"required": ["organization_type", "service_area"]}
    pilot.full_clean()
    pilot.save()
    assert application_outcome(nonprofit).is_eligible
    assert is_blocked(sheriff)


def test_a_change_of_the_round_counties_is_seen(sheriff):
    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert application_outcome(nonprofit).is_eligible
    nonprofit.funding_round.eligible_counties.remove("53077")
    assert not application_outcome(nonprofit).is_eligible
    assert not is_blocked(sheriff)


def test_an_import_is_seen(sheriff):
    assert not is_blocked(sheriff)
    line = "R-1,Yakima Youth Alliance,nonprofit,Yakima,,yes,yes,yes,yes,yes,90000,submitted"
    import_applications_csv(",".join(IMPORT_COLUMNS) + "\n" + line + "\n", sheriff.funding_round)
    assert application_outcome(sheriff).blocked_by_references == ["R-1"]


def test_a_change_made_after_the_round_was_loaded_is_seen(sheriff):
    """Callers often hold a FundingRound loaded before the change: the version is read from the database."""
    funding_round = FundingRound.objects.get(pk=sheriff.funding_round_id)
    assert not round_outcomes(funding_round)[sheriff.pk].blocked_by
    ApplicationFactory(counties=["Yakima"])
    assert round_outcomes(funding_round)[sheriff.pk].blocked_by


def test_a_bulk_change_outside_the_services_needs_an_explicit_invalidation(sheriff):
    """queryset.update() sends no signal: code that uses it must invalidate, as the services do."""
    from grants.services.eligibility import invalidate_round_outcomes

    nonprofit = ApplicationFactory(counties=["Yakima"])
    assert is_blocked(sheriff)
    Application.objects.filter(pk=nonprofit.pk).update(status="withdrawn")
    assert is_blocked(sheriff)  # still the cached outcome
    invalidate_round_outcomes(nonprofit.funding_round)
    assert not is_blocked(sheriff)


def test_outcomes_read_back_from_the_shared_cache_equal_the_computed_ones(sheriff):
    """Another process reads the pickled outcomes: same verdicts, same explanations, shared results."""
    import pickle

    from grants.selectors import eligibility as selectors
    from grants.selectors.eligibility import compute_round_outcomes

    blocker = ApplicationFactory(counties=["Yakima"], has_dei_partner=False)
    override_nonprofit = ApplicationFactory(counties=["Yakima"])
    round_outcomes(sheriff.funding_round)
    selectors._RECENT.clear()
    read = round_outcomes(sheriff.funding_round)
    computed = compute_round_outcomes(sheriff.funding_round)
    copied = pickle.loads(pickle.dumps(computed))  # noqa: S301  (our own data, as the cache does)

    def summary(outcomes):
        return {
            pk: (
                o.is_eligible,
                o.blocked_by_references,
                [(c.code, c.passed, str(c.explanation)) for c in o.criteria],
            )
            for pk, o in outcomes.items()
        }

    assert summary(read) == summary(computed) == summary(copied)
    assert "serve the same area: " + override_nonprofit.reference in str(
        read[sheriff.pk].criteria[-1].explanation
    )
    assert copied[blocker.pk].criteria[0] is computed[blocker.pk].criteria[0]


def _eligibility_cells(application):
    from grants.models import Application as Model
    from grants.selectors.applications import screening_csv_rows

    rows = list(
        screening_csv_rows(Model.objects.filter(pk=application.pk), round_outcomes(application.funding_round))
    )
    return str(rows[1][-1])


def test_the_screening_csv_columns_worked_out_once_per_version_follow_a_new_version(sheriff, program_manager):
    """The CSV's eligibility columns are kept per outcomes version: an override made after one export shows
    in the next, and a blocker's withdrawal too."""
    membership = MembershipFactory()
    blocker = ApplicationFactory(organization=membership.organization, counties=["Yakima"])
    assert _eligibility_cells(sheriff).endswith(f",{blocker.reference},,no")
    assert _eligibility_cells(sheriff) == _eligibility_cells(sheriff)  # read back, same version
    override_eligibility(sheriff, is_eligible=True, reason="Serves a tribal area", by=program_manager)
    assert _eligibility_cells(sheriff).endswith(f",{blocker.reference},eligible,yes")
    withdraw_application(blocker, reason="Merged", by=membership.user)
    assert _eligibility_cells(sheriff).endswith(",,eligible,yes")


def test_the_screening_csv_columns_of_a_filtered_copy_are_the_whole_rounds(sheriff):
    """A caller's copy of the outcomes with entries taken out does not leave columns missing for others."""
    other = ApplicationFactory(counties=["Yakima"])
    outcomes = round_outcomes(sheriff.funding_round)
    del outcomes[other.pk]
    from grants.selectors.applications import screening_csv_eligibility
    from grants.selectors.eligibility import derived_from_outcomes

    cells = derived_from_outcomes(outcomes, "screening-csv", screening_csv_eligibility)
    assert other.pk in cells and sheriff.pk in cells
