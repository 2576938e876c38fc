"""Demo applications: a realistic 2021 pilot round of about 30 submitted applications across the 12 listed
service areas, plus the demo organization's draft for the 2023 round.

Includes law-enforcement applicants that are blocked (a nonprofit applied in the same county) and not blocked
(a county where no one else applied), a for-profit (ineligible), one without a DEI partner, and one withdrawn
application. Idempotent: applications are found by round and reference (CLEP21-001 …) before anything is made.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import Application, County, FundingRound, Goal, Organization, Partner
from ..services.applications import derive_criteria_flags

DEMO_OWNER_EMAIL = "owner@yakima-unidos.demo"
DEMO_ORGANIZATION = "Yakima Valley Unidos"

NP, PA, LE, FP = "nonprofit", "public_agency", "law_enforcement", "for_profit"

# reference, organization, type, counties, communities, law-enforcement partner, DEI partner, amount, focus
APPLICATIONS = [
    ("CLEP21-001", DEMO_ORGANIZATION, NP, ["Yakima"], ["Yakima", "Union Gap"], "Yakima Police Department", "Latino Community Fund of Yakima", 135000, "dialogue"),
    ("CLEP21-002", "East Central Spokane Community Council", NP, ["Spokane"], ["Spokane"], "Spokane Police Department", "Spokane NAACP Youth Council", 120000, "dialogue"),
    ("CLEP21-003", "Spokane Youth Peacemakers", NP, ["Spokane"], ["Spokane Valley"], "Spokane County Sheriff's Office", "Native Project Youth Circle", 95000, "youth"),
    ("CLEP21-004", "Hilltop Tacoma Safety Partnership", NP, ["Pierce"], ["Tacoma"], "Tacoma Police Department", "Hilltop Urban Gardens Collective", 140000, "business"),
    ("CLEP21-005", "City of Lakewood Community Services", PA, ["Pierce"], ["Lakewood"], "Lakewood Police Department", "Korean Women's Association of Pierce County", 110000, "education"),
    ("CLEP21-006", "Rainier Valley Neighbors United", NP, ["King"], ["Seattle"], "Seattle Police Department South Precinct", "Ethiopian Community Circle of Rainier Valley", 150000, "anti_racism"),
    ("CLEP21-007", "White Center Community Alliance", NP, ["King"], ["White Center", "Burien"], "King County Sheriff's Office", "Southwest Youth and Family Voices", 125000, "youth"),
    ("CLEP21-008", "City of Kent Human Services", PA, ["King"], ["Kent"], "Kent Police Department", "Kent Multicultural Advisory Group", 100000, "concerns"),
    ("CLEP21-009", "Okanogan Valley Family Resource Center", NP, ["Okanogan"], ["Omak", "Okanogan"], "Omak Police Department", "Colville Confederated Tribes Youth Services", 85000, "education"),
    ("CLEP21-010", "Brewster Community Bridges", NP, ["Okanogan"], ["Brewster"], "Okanogan County Sheriff's Office", "Brewster Latino Parents Network", 65000, "youth"),
    ("CLEP21-011", "Yakima County Sheriff's Office", LE, ["Yakima"], ["Yakima"], None, "Yakima Valley Farmworkers Voice", 90000, "dialogue"),
    ("CLEP21-012", "Sunnyside Youth Mentors", NP, ["Yakima"], ["Sunnyside", "Grandview"], "Sunnyside Police Department", "Lower Valley Hispanic Families Network", 80000, "youth"),
    ("CLEP21-013", "Longview Community Bridges", NP, ["Cowlitz"], ["Longview"], "Longview Police Department", "Cowlitz Equity Roundtable", 90000, "dialogue"),
    ("CLEP21-014", "Kelso School District", PA, ["Cowlitz"], ["Kelso"], "Kelso Police Department", "Cowlitz Indian Tribe Education Program", 75000, "education"),
    ("CLEP21-015", "Vancouver Neighbors in Action", NP, ["Clark"], ["Vancouver"], "Vancouver Police Department", "Clark County Black Leaders Forum", 130000, "anti_racism"),
    ("CLEP21-016", "Clark County Juvenile Court Services", PA, ["Clark"], ["Vancouver", "Battle Ground"], "Clark County Sheriff's Office", "Slavic Family Center of Clark County", 105000, "youth"),
    ("CLEP21-017", "Vancouver Police Department", LE, ["Clark"], ["Vancouver"], None, "Clark County Black Leaders Forum", 100000, "recognition"),
    ("CLEP21-018", "Wenatchee Valley Latino Coalition", NP, ["Chelan"], ["Wenatchee"], "Wenatchee Police Department", "Chelan County Immigrant Rights Network", 115000, "dialogue"),
    ("CLEP21-019", "Douglas County Sheriff's Office", LE, ["Douglas"], ["East Wenatchee", "Bridgeport"], None, "Bridgeport Families Together", 70000, "concerns"),
    ("CLEP21-020", "Walla Walla Community Resilience Network", NP, ["Walla Walla"], ["Walla Walla"], "Walla Walla Police Department", "Walla Walla Valley Equity Council", 95000, "survey"),
    ("CLEP21-021", "College Place Youth League", NP, ["Walla Walla"], ["College Place"], "College Place Police Department", "Blue Valley Latino Youth", 60000, "youth"),
    ("CLEP21-022", "Tri-Cities Community Dialogue Project", NP, ["Benton"], ["Kennewick", "Richland"], "Kennewick Police Department", "Tri-Cities Diversity and Inclusion Council", 120000, "dialogue"),
    ("CLEP21-023", "Pasco Police Department", LE, ["Franklin"], ["Pasco"], None, "Pasco Hispanic Business Association", 110000, "business"),
    ("CLEP21-024", "Grant County Family Services Alliance", NP, ["Grant"], ["Moses Lake"], "Moses Lake Police Department", "Columbia Basin Latino Families", 90000, "education"),
    ("CLEP21-025", "Quincy Neighborhood Partners", NP, ["Grant"], ["Quincy", "Ephrata"], "Grant County Sheriff's Office", "Quincy Valley Cultural Alliance", 70000, "concerns"),
    ("CLEP21-026", "Everett Community Justice Collaborative", NP, ["Snohomish"], ["Everett"], "Everett Police Department", "Snohomish County Black Lives Coalition", 145000, "anti_racism"),
    ("CLEP21-027", "City of Lynnwood Community Services", PA, ["Snohomish"], ["Lynnwood"], "Lynnwood Police Department", "Lynnwood Multicultural Advisory Board", 100000, "survey"),
    ("CLEP21-028", "SafeBlock Security Consulting LLC", FP, ["King"], ["Bellevue"], "Bellevue Police Department", "Eastside Inclusion Partners", 150000, "business"),
    ("CLEP21-029", "Pierce County Youth Voice Coalition", NP, ["Pierce"], ["Puyallup"], "Puyallup Police Department", "Pierce County Youth Equity Board", 85000, "youth"),
    ("CLEP21-030", "Spokane Valley Business Watch", NP, ["Spokane"], ["Spokane Valley"], "Spokane Valley Police Department", None, 60000, "business"),
    ("CLEP21-031", "Marysville Family Connections", NP, ["Snohomish"], ["Marysville"], "Marysville Police Department", "Tulalip Community Youth Services", 80000, "recognition"),
]  # fmt: skip

WITHDRAWN = {
    "CLEP21-029": "Our board merged the project into Puyallup's new youth council; we will partner with them instead."
}

# The demo organization's application to the next round, open under `make run`: started, not finished.
DRAFT_REFERENCE = "CLEP27-001"
OPEN_ROUND = "clep-2027"

FOCUS = {
    "dialogue": (
        "Neighbors and officers at one table",
        "monthly listening sessions where residents and officers talk about safety in their own words",
        [("Hold community dialogue sessions", "Dialogue sessions held", "dialogue_sessions", 24, "By September 2023"),
         ("Bring residents to the sessions", "Residents taking part", "community_participants", 400, "By September 2023"),
         ("Have patrol officers take part", "Officers taking part", "officers_participating", 30, "Each year")],
    ),
    "youth": (
        "Youth leading safer neighborhoods",
        "youth leadership cohorts that plan neighborhood events together with school resource officers",
        [("Run youth-led neighborhood activities", "Youth activities held", "youth_activities", 20, "By September 2023"),
         ("Enroll young people in the cohorts", "Young people taking part", "youth_participants", 120, "By September 2023")],
    ),
    "business": (
        "Main Street safety partners",
        "safety trainings for small businesses run with officers and the local business association",
        [("Engage small businesses", "Businesses engaged", "businesses_engaged", 60, "By September 2023"),
         ("Deliver business safety trainings", "Trainings delivered", "business_safety_trainings", 12, "By September 2023")],
    ),
    "education": (
        "Know your local police, know your rights",
        "bilingual workshops on the role of law enforcement and on calling 911 or the non-emergency line",
        [("Hold education sessions", "Sessions held", "education_sessions", 16, "By September 2023"),
         ("Reach residents with the workshops", "Residents attending", "education_participants", 300, "By September 2023")],
    ),
    "anti_racism": (
        "Facing our history, building trust",
        "facilitated dialogues on historical practices and current conflicts, and trainings for officers and residents",
        [("Deliver de-escalation trainings", "Trainings delivered", "deescalation_trainings", 6, "By September 2023"),
         ("Deliver cultural awareness trainings", "Trainings delivered", "cultural_awareness_trainings", 6, "By September 2023"),
         ("Train residents and officers", "People trained", "training_participants", 150, "By September 2023")],
    ),
    "recognition": (
        "Neighbors who make a difference",
        "a yearly recognition of residents and officers who built trust, chosen by a community panel",
        [("Recognize community members", "Community members recognized", "community_members_recognized", 20, "Each year"),
         ("Recognize officers", "Officers recognized", "officers_recognized", 10, "Each year")],
    ),
    "concerns": (
        "Every concern heard and answered",
        "a shared process to document residents' concerns and report back how each one was resolved",
        [("Document residents' concerns", "Concerns documented", "concerns_documented", 200, "By September 2023"),
         ("Resolve documented concerns", "Concerns resolved", "concerns_resolved", 150, "By September 2023")],
    ),
    "survey": (
        "Measuring trust, quarter by quarter",
        "a community survey every quarter on trust in law enforcement, with results discussed in public forums",
        [("Survey residents each quarter", "Survey respondents", "survey_respondents", 1200, "By September 2023"),
         ("Raise trust in law enforcement", "Percent who trust local police", "survey_trust_percent", 60, "By September 2023")],
    ),
}  # fmt: skip


def _submitted_at(index):
    day = datetime(2021, 8, 2) + timedelta(days=index % 28)
    return timezone.make_aware(datetime.combine(day.date(), time(9 + index % 8, 15)))


def _narratives(name, org_type, communities, focus):
    title, activity, _goals = FOCUS[focus]
    places = " and ".join(communities)
    if org_type == LE:
        experience = (
            f"Since 2018 the {name} has co-hosted community safety meetings in {places} with neighborhood "
            "associations and faith groups, and changed its patrol schedule after residents asked for it."
        )
        engagement = (
            f"Our community liaison officers attend neighborhood meetings in {places} every month and run a "
            "resident advisory board that reviews our outreach plans."
        )
    else:
        experience = (
            f"For five years {name} has organized neighborhood safety walks and meetings with the police in "
            f"{places}; in 2020 we led the conversations that produced a shared plan for youth safety."
        )
        engagement = (
            f"Our outreach workers and volunteers are in {places} every week: door-to-door visits, "
            "bilingual community meetings and a resident advisory board shape all our services."
        )
    return {
        "project_title": title,
        "project_summary": f"{name} will run {activity} in {places}.",
        "public_safety_engagement_experience": experience,
        "engagement_examples": "Spring 2021: three forums with 180 residents; 2020: a youth safety survey with 450 answers.",
        "community_engagement": engagement,
        "priorities_and_policies": (
            "Priorities: trust between residents and officers, youth voice, language access. Policies: every "
            "event is bilingual, free and held where people already gather."
        ),
        "budget_narrative": (
            "A half-time coordinator, meeting costs and childcare, interpretation, trainings and a small fund "
            "for youth stipends."
        ),
    }


def _add_partners_and_goals(application, law_enforcement_partner, dei_partner, focus):
    if law_enforcement_partner:
        Partner.objects.create(
            application=application,
            name=law_enforcement_partner,
            partner_type=Partner.Type.LAW_ENFORCEMENT,
            role_description="Assigns officers to every session and reports back on follow-up.",
        )
    if dei_partner:
        Partner.objects.create(
            application=application,
            name=dei_partner,
            partner_type=Partner.Type.DEI,
            role_description="Co-designs the sessions and brings residents who are rarely heard.",
        )
    Partner.objects.create(
        application=application,
        name="Local public library",
        partner_type=Partner.Type.OTHER,
        commitment=Partner.Commitment.PLANNED,
        role_description="Meeting rooms and outreach to families.",
    )
    for description, metric, code, target, timeframe in FOCUS[focus][2]:
        Goal.objects.create(
            application=application,
            description=description,
            metric=metric,
            metric_code=code,
            target=Decimal(target),
            timeframe=timeframe,
        )


def _organization(name, org_type, counties, communities):
    organization, created = Organization.objects.get_or_create(
        legal_name=name, defaults={"org_type": org_type, "communities": communities}
    )
    if created or not organization.counties.exists():
        organization.counties.set(counties)
    return organization


@transaction.atomic
def load():
    """Create the demo applications; running it twice changes nothing."""
    pilot = FundingRound.objects.filter(slug="clep-2021").first()
    if pilot is None:
        return
    counties = {c.name: c for c in County.objects.all()}
    owner = User.objects.filter(email=DEMO_OWNER_EMAIL).first()
    existing = set(Application.objects.filter(funding_round=pilot).values_list("reference", flat=True))
    for index, row in enumerate(APPLICATIONS):
        reference, name, org_type, county_names, communities, le_partner, dei_partner, amount, focus = row
        if reference in existing:
            continue
        area = [counties[n] for n in county_names]
        organization = _organization(name, org_type, area, communities)
        is_demo_org = name == DEMO_ORGANIZATION
        application = Application(
            funding_round=pilot,
            organization=organization,
            reference=reference,
            status=Application.Status.SUBMITTED,
            communities=communities,
            requested_amount=Decimal(amount),
            submitted_at=_submitted_at(index),
            submitted_by=owner if is_demo_org else None,
            created_by=owner if is_demo_org else None,
            current_step="review",
            **_narratives(name, org_type, communities, focus),
        )
        application._change_reason = "Demo data"
        application.save()
        application.counties.set(area)
        _add_partners_and_goals(application, le_partner, dei_partner, focus)
        for field, value in derive_criteria_flags(application).items():
            setattr(application, field, value)
        if reference in WITHDRAWN:
            application.status = Application.Status.WITHDRAWN
            application.withdrawn_at = application.submitted_at + timedelta(days=9)
            application.withdrawal_reason = WITHDRAWN[reference]
        application.save()
    _load_demo_draft(counties, owner)


def _open_demo_round():
    """A statewide 2027-2028 round that is open for applications, so the demo applicant can finish and submit.

    Demo data only: real rounds are created by staff. It takes the 2023 round's rules, rubric and metric catalog.
    """
    template = FundingRound.objects.filter(slug="clep-2023").first()
    if template is None:
        return None
    funding_round, created = FundingRound.objects.get_or_create(
        slug=OPEN_ROUND,
        defaults={
            "program": template.program,
            "name": "CLEP 2027–2028 (demo)",
            "opens_on": date(2026, 11, 1),
            "closes_on": date(2027, 3, 31),
            "period_start": date(2027, 7, 1),
            "period_end": date(2028, 12, 31),
            "is_statewide": True,
            "budget": template.budget,
            "rules": template.rules,
        },
    )
    if created:
        funding_round.eligible_counties.set(template.eligible_counties.all())
        for criterion in template.rubric.all():
            criterion.pk = None
            criterion.funding_round = funding_round
            criterion.save()
        for metric in template.metrics.all():
            metric.pk = None
            metric.funding_round = funding_round
            metric.save()
    return funding_round


def _load_demo_draft(counties, owner):
    later = _open_demo_round()
    if later is None or Application.objects.filter(funding_round=later, reference=DRAFT_REFERENCE).exists():
        return
    organization = _organization(DEMO_ORGANIZATION, NP, [counties["Yakima"]], ["Yakima", "Union Gap"])
    draft = Application(
        funding_round=later,
        organization=organization,
        reference=DRAFT_REFERENCE,
        status=Application.Status.DRAFT,
        project_title="Promotores de seguridad: neighbors and officers in Union Gap",
        public_safety_engagement_experience=(
            "Our 2021–2023 CLEP project held 26 dialogue sessions in Yakima with 430 residents and 34 officers."
        ),
        current_step="engagement",
        communities=["Yakima", "Union Gap", "Wapato"],
        created_by=owner,
    )
    draft._change_reason = "Demo data"
    draft.save()
    draft.counties.set([counties["Yakima"]])
    Partner.objects.create(
        application=draft,
        name="Union Gap Police Department",
        partner_type=Partner.Type.LAW_ENFORCEMENT,
        commitment=Partner.Commitment.PLANNED,
    )
