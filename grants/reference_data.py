"""Reference data every database has: Washington's counties, the 2021 pilot's service areas, the program
and its first two rounds. Used by the data migration; kept here so tests and the demo can read it too."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

WASHINGTON_COUNTIES = [
    ("53001", "Adams"), ("53003", "Asotin"), ("53005", "Benton"), ("53007", "Chelan"),
    ("53009", "Clallam"), ("53011", "Clark"), ("53013", "Columbia"), ("53015", "Cowlitz"),
    ("53017", "Douglas"), ("53019", "Ferry"), ("53021", "Franklin"), ("53023", "Garfield"),
    ("53025", "Grant"), ("53027", "Grays Harbor"), ("53029", "Island"), ("53031", "Jefferson"),
    ("53033", "King"), ("53035", "Kitsap"), ("53037", "Kittitas"), ("53039", "Klickitat"),
    ("53041", "Lewis"), ("53043", "Lincoln"), ("53045", "Mason"), ("53047", "Okanogan"),
    ("53049", "Pacific"), ("53051", "Pend Oreille"), ("53053", "Pierce"), ("53055", "San Juan"),
    ("53057", "Skagit"), ("53059", "Skamania"), ("53061", "Snohomish"), ("53063", "Spokane"),
    ("53065", "Stevens"), ("53067", "Thurston"), ("53069", "Wahkiakum"), ("53071", "Walla Walla"),
    ("53073", "Whatcom"), ("53075", "Whitman"), ("53077", "Yakima"),
]  # fmt: skip

# The areas the 2021 budget proviso lists: 12 areas covering 14 counties.
PILOT_SERVICE_AREAS = [
    ("spokane", "Spokane", ["Spokane"]),
    ("pierce", "Pierce", ["Pierce"]),
    ("king", "King", ["King"]),
    ("okanogan", "Okanogan", ["Okanogan"]),
    ("yakima", "Yakima", ["Yakima"]),
    ("cowlitz", "Cowlitz", ["Cowlitz"]),
    ("clark", "Clark", ["Clark"]),
    ("chelan-douglas", "Chelan-Douglas", ["Chelan", "Douglas"]),
    ("walla-walla", "Walla Walla", ["Walla Walla"]),
    ("benton-franklin", "Benton-Franklin", ["Benton", "Franklin"]),
    ("grant", "Grant", ["Grant"]),
    ("snohomish", "Snohomish", ["Snohomish"]),
]

CRITERIA = [
    "organization_type",
    "public_safety_engagement_experience",
    "community_engagement",
    "law_enforcement_partner",
    "dei_partner",
    "measurable_goals",
    "service_area",
]

ROUNDS = [
    {
        "slug": "clep-2021",
        "name": "CLEP 2021 pilot",
        "opens_on": date(2021, 7, 15),
        "closes_on": date(2021, 8, 31),
        "period_start": date(2021, 10, 1),
        "period_end": date(2023, 9, 30),
        "is_statewide": False,
        "award_cap": 15,
        "min_awards": 12,
        "budget": Decimal("1500000.00"),
        # ESSB 5353 as enacted: every criterion is required.
        "rules": {"required": CRITERIA, "any_of": []},
    },
    {
        "slug": "clep-2023",
        "name": "CLEP 2023–2025",
        "opens_on": date(2023, 5, 1),
        "closes_on": date(2023, 6, 15),
        "period_start": date(2023, 8, 1),
        "period_end": date(2025, 6, 30),
        "is_statewide": True,
        "award_cap": None,
        "min_awards": None,
        "budget": Decimal("1000000.00"),
        # SB 5561 (2023) made the experience and partnership criteria alternatives.
        "rules": {
            "required": ["organization_type", "measurable_goals", "service_area"],
            "any_of": [
                ["public_safety_engagement_experience", "community_engagement"],
                ["law_enforcement_partner", "dei_partner"],
            ],
        },
    },
]


def load_reference_data(apps):
    """Create or update the reference rows; safe to run on a database that has them."""
    County = apps.get_model("grants", "County")
    ServiceArea = apps.get_model("grants", "ServiceArea")
    Program = apps.get_model("grants", "Program")
    FundingRound = apps.get_model("grants", "FundingRound")

    counties = {}
    for fips, name in WASHINGTON_COUNTIES:
        counties[name], _ = County.objects.update_or_create(fips=fips, defaults={"name": name})
    areas = []
    for slug, name, county_names in PILOT_SERVICE_AREAS:
        area, _ = ServiceArea.objects.update_or_create(slug=slug, defaults={"name": name})
        area.counties.set([counties[n] for n in county_names])
        areas.append(area)
    program, _ = Program.objects.update_or_create(
        slug="clep",
        defaults={"name": "Community-Law Enforcement Partnership", "statute": "RCW 43.330.545"},
    )
    for spec in ROUNDS:
        funding_round, _ = FundingRound.objects.update_or_create(
            slug=spec["slug"], defaults={**{k: v for k, v in spec.items() if k != "slug"}, "program": program}
        )
        if spec["is_statewide"]:
            funding_round.eligible_counties.set(counties.values())
        else:
            funding_round.service_areas.set(areas)
            funding_round.eligible_counties.set({c for area in areas for c in area.counties.all()})


# Census Bureau Vintage 2019 estimates as transcribed in TorNATO-PRO/WACOVIDinator (approximate; see data/README.md).
POPULATION_FILE = Path(__file__).parent / "data" / "wa-county-population-2019.csv"
POPULATION_YEAR = 2019
POPULATION_SOURCE = (
    "U.S. Census Bureau, Vintage 2019 population estimates (July 1, 2019), "
    "as transcribed in TorNATO-PRO/WACOVIDinator; approximate"
)


def county_population_2019():
    """{county name: population} from the seeded census file."""
    with POPULATION_FILE.open(encoding="utf-8", newline="") as file:
        return {row["county"].strip(): int(row["population"]) for row in csv.DictReader(file)}


def load_county_population(apps):
    """Seed the 2019 population of every county; a county-year already recorded (e.g. imported) is kept."""
    County = apps.get_model("grants", "County")
    CountyStatistic = apps.get_model("grants", "CountyStatistic")
    History = apps.get_model("grants", "HistoricalCountyStatistic")
    counties = {c.name: c for c in County.objects.all()}
    for name, population in county_population_2019().items():
        statistic, created = CountyStatistic.objects.get_or_create(
            county=counties[name],
            year=POPULATION_YEAR,
            defaults={"population": population, "source": POPULATION_SOURCE},
        )
        # Migrations' models have no history signals: write the first version so a later import keeps it.
        if created and not History.objects.filter(id=statistic.pk).exists():
            History.objects.create(
                id=statistic.pk,
                county_id=statistic.county_id,
                year=statistic.year,
                population=statistic.population,
                offenses=None,
                source=statistic.source,
                updated_at=statistic.updated_at,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Seeded from the 2019 census estimates",
            )


def restore_reference_data():
    """Every row the migrations seed, for tests whose database a transactional test flushed."""
    from django.apps import apps

    from .metric_catalog import load_metric_catalog
    from .rubrics import load_rubric

    load_reference_data(apps)
    load_rubric(apps)
    load_metric_catalog(apps)
    load_county_population(apps)
