"""Staff journeys of issue 14, checked with axe: the work queue to screening, a decision out of rank order with
its rationale, finalizing; and round set-up with the preview of a rule change, then opening the round."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect

from grants.models import Award, AwardDecision, FundingRound
from grants.services import awards as award_services
from tests.browser.conftest import assert_accessible, set_language
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    ProgramManagerFactory,
    ReviewerFactory,
    activate_totp,
    scored_review,
    sign_in_with_code,
)

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "clep-2021"
AREA_COUNTIES = [
    ["Spokane"], ["Pierce"], ["King"], ["Okanogan"], ["Yakima"], ["Cowlitz"], ["Clark"], ["Chelan", "Douglas"],
    ["Walla Walla"], ["Benton", "Franklin"], ["Grant"], ["Snohomish"], ["King"],
]  # fmt: skip


@pytest.fixture
def manager(db):
    user = ProgramManagerFactory()
    activate_totp(user)
    return user


@pytest.fixture
def manager_page(page, live_server, manager):
    """Signed in by session cookie (the password-and-code journey is covered by test_foundation_pages)."""
    client = sign_in_with_code(Client(), manager)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_default_timeout(60000)
    return page


def _scored(application, reviewer, fraction):
    scored_review(application, reviewer, fraction, rounding=round)


@pytest.fixture
def ranked_round(manager):
    """13 scored applications over the 12 listed areas (ranked in reference order) and a blocked agency."""
    reviewer = ReviewerFactory()
    applications = []
    for number, counties in enumerate(AREA_COUNTIES, start=1):
        application = ApplicationFactory(
            reference=f"CLEP21-{number:03d}", counties=counties, requested_amount=Decimal("100000")
        )
        _scored(application, reviewer, (40 - number) / 40)
        applications.append(application)
    ApplicationFactory(
        reference="CLEP21-050",
        organization=OrganizationFactory(org_type="law_enforcement", legal_name="Yakima County Sheriff"),
        counties=["Yakima"],
    )
    # Ranks 1 and 3 to 12 awarded; rank 2 declined (out of order against the awards below it, so with a rationale).
    for application in applications[:1] + applications[2:12]:
        award_services.record_decision(application, by=manager, outcome="award", amount="100000")
    award_services.record_decision(
        applications[1],
        by=manager,
        outcome="decline",
        reason="The budget does not match the activities.",
        rationale="Budget questions outweigh its score.",
    )
    return applications


def test_work_queue_to_screening_to_a_decision_with_rationale_then_finalize(manager_page, ranked_round):
    page = manager_page
    page.goto("/staff/")
    assert_accessible(page, "work queue")
    pilot = page.locator("section", has=page.get_by_role("heading", name="CLEP 2021 pilot"))
    pilot.get_by_role("link", name="Law-enforcement applicants awaiting a decision").click()
    page.wait_for_url(re.compile(rf"/staff/rounds/{SLUG}/applications/\?"))
    assert_accessible(page, "screening, law-enforcement applicants")
    summary = page.locator("summary", has_text="Blocked by CLEP21-005")
    expect(summary).to_be_visible()
    summary.click()
    expect(page.locator("details[open]")).to_contain_text("(Yakima)")
    assert_accessible(page, "screening row unfolded")
    page.get_by_role("link", name="CLEP21-050").click()
    expect(page.locator("main")).to_contain_text("Blocked")
    assert_accessible(page, "application detail")

    page.goto(f"/staff/review/{SLUG}/ranking/")
    assert_accessible(page, "ranking")
    page.get_by_role("link", name="Decide on CLEP21-013").click()
    expect(page.locator("main")).to_contain_text("13 of 13 ranked applications")
    page.get_by_label("Award", exact=True).check()
    page.fill("#id_amount", "100000")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("main [role=alert]")).to_contain_text("give the rationale")
    assert_accessible(page, "decision refused without rationale")
    page.fill("#id_rationale", "The only second applicant in King County; CLEP21-002 was declined.")
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(re.compile(r"/decisions/$"))
    expect(page.locator("main")).to_contain_text("The only second applicant in King County")
    assert_accessible(page, "decision record")
    assert AwardDecision.objects.get(application__reference="CLEP21-013").rationale.startswith("The only")

    page.goto(f"/staff/review/{SLUG}/ranking/")
    page.locator("summary", has_text="Out of rank order: rationale").first.click()
    expect(page.locator("main")).to_contain_text("Budget questions outweigh its score.")

    page.goto(f"/staff/awards/{SLUG}/finalize/")
    page.get_by_role("button", name="Yes, finalize the decisions").click()
    page.wait_for_url(re.compile(rf"/staff/awards/{SLUG}/$"))
    assert_accessible(page, "awards")
    assert Award.objects.filter(funding_round__slug=SLUG).count() == 12


@pytest.mark.parametrize("language", ["es", "tl"])
def test_work_queue_screening_and_ranking_in_spanish_and_tagalog(manager_page, ranked_round, language):
    page = manager_page
    page.goto("/staff/")
    set_language(page, language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    for url, name in [
        ("/staff/", "work queue"),
        (f"/staff/rounds/{SLUG}/applications/", "screening"),
        (f"/staff/review/{SLUG}/ranking/", "ranking"),
        (f"/staff/rounds/{SLUG}/settings/", "round settings"),
    ]:
        page.goto(url)
        assert_accessible(page, f"{name} ({language})")


def test_round_set_up_with_the_rule_preview_then_open_it(manager_page):
    page = manager_page
    ApplicationFactory(reference="CLEP23-001", funding_round=FundingRound.objects.get(slug="clep-2023"))
    ApplicationFactory(
        reference="CLEP23-002",
        funding_round=FundingRound.objects.get(slug="clep-2023"),
        has_dei_partner=False,
        counties=["Adams"],
    )
    page.goto("/staff/rounds/")
    assert_accessible(page, "rounds")
    page.get_by_role("link", name="Settings of CLEP 2023–2025").click()
    page.wait_for_url(re.compile(r"/staff/rounds/clep-2023/settings/$"))
    assert_accessible(page, "round settings")
    page.select_option("#id_rule_dei_partner", "required")
    page.select_option("#id_rule_law_enforcement_partner", "required")
    page.get_by_role("button", name="Preview the effect on eligibility").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("1 would stop being eligible")
    expect(preview).to_contain_text("CLEP23-002")
    assert_accessible(page, "rule preview")
    assert "dei_partner" not in FundingRound.objects.get(slug="clep-2023").rules["required"]
    page.fill("#id_reason", "Partners required again after the 2025 review")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator("main")).to_contain_text("were saved")
    assert "dei_partner" in FundingRound.objects.get(slug="clep-2023").rules["required"]
    expect(page.locator("main")).to_contain_text("Partners required again after the 2025 review")

    page.goto("/staff/rounds/new/?from=clep-2023")
    assert_accessible(page, "new round")
    page.fill("#id_slug", "clep-2027")
    page.fill("#id_name", "CLEP 2027–2029")
    page.fill("#id_opens_on", "2027-05-01")
    page.fill("#id_closes_on", "2027-06-15")
    page.fill("#id_period_start", "2027-08-01")
    page.fill("#id_period_end", "2029-06-30")
    page.fill("#id_reason", "The 2027 biennium")
    page.get_by_role("button", name="Create the round").click()
    page.wait_for_url(re.compile(r"/staff/rounds/clep-2027/settings/$"))
    new = FundingRound.objects.get(slug="clep-2027")
    assert new.rubric.exists() and new.metrics.exists() and new.eligible_counties.count() == 39

    page.fill("#id_state-reason", "Opening early for the pilot counties")
    page.get_by_role("button", name="Open the round now").click()
    expect(page.locator("main")).to_contain_text("is open for applications")
    assert_accessible(page, "round opened")


def test_staff_pages_do_not_scroll_sideways_at_390_pixels(manager_page, ranked_round):
    page = manager_page
    page.set_viewport_size({"width": 390, "height": 844})
    for url in [
        "/staff/",
        "/staff/rounds/",
        f"/staff/rounds/{SLUG}/",
        f"/staff/awards/{SLUG}/coverage/",
        f"/staff/rounds/{SLUG}/applications/",
        f"/staff/applications/{ranked_round[0].pk}/",
        "/staff/review/",
        f"/staff/review/{SLUG}/rubric/",
        f"/staff/review/{SLUG}/assignments/",
        f"/staff/review/{SLUG}/reviewers/",
        f"/staff/review/{SLUG}/ranking/",
        f"/staff/awards/{SLUG}/decisions/",
        f"/staff/rounds/{SLUG}/settings/",
        f"/staff/rounds/{SLUG}/metrics/",
        "/staff/submissions/",
        "/staff/invoices/",
        "/staff/audit/",
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
    page.goto(f"/staff/awards/{SLUG}/coverage/")
    assert_accessible(page, "coverage at 390 px")


@pytest.mark.parametrize("language", ["es", "tl"])
def test_a_decision_with_rationale_and_the_rule_preview_in_spanish_and_tagalog(
    manager_page, ranked_round, language
):
    """The same decision journey and rule preview as above, in Spanish and Tagalog: errors, the decision
    record and the preview are translated and pass axe."""
    page = manager_page
    page.goto("/staff/")
    set_language(page, language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto(f"/staff/rounds/{SLUG}/applications/?outcome=blocked")
    page.locator("summary", has_text="CLEP21-005").first.click()
    expect(page.locator("details[open]")).to_contain_text("(Yakima)")
    assert_accessible(page, f"screening row unfolded ({language})")

    last = ranked_round[-1]
    page.goto(f"/staff/awards/{SLUG}/decisions/{last.pk}/")
    page.locator("input[name=outcome][value=award]").check()
    page.fill("#id_amount", "100000")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("main [role=alert]")).not_to_contain_text("give the rationale")  # translated
    assert_accessible(page, f"decision refused without rationale ({language})")
    page.fill("#id_rationale", "Segundo solicitante en King / Ikalawang aplikante sa King")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/decisions/$"))
    expect(page.locator("main")).to_contain_text("Segundo solicitante en King")
    assert_accessible(page, f"decision record ({language})")

    ApplicationFactory(
        reference="CLEP23-002",
        funding_round=FundingRound.objects.get(slug="clep-2023"),
        has_dei_partner=False,
        counties=["Adams"],
    )
    page.goto("/staff/rounds/clep-2023/settings/")
    page.select_option("#id_rule_dei_partner", "required")
    page.locator("button[name=preview]").click()
    expect(page.locator("#preview")).to_contain_text("CLEP23-002")
    assert_accessible(page, f"rule preview ({language})")
