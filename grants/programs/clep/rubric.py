"""The CLEP scoring rubric, kept as data: each round gets its own copy, seeded by a migration.

The criteria follow what RCW 43.330.545 asks grantees to do: partnerships with law enforcement, youth
mobilization, business engagement, measurable goals, partners that reflect the communities most affected,
and a budget that fits the plan.
"""

from decimal import Decimal

CLEP_RUBRIC = [
    {
        "code": "partnership",
        "label": "Strength of the law-enforcement–community partnership",
        "description": (
            "Committed law-enforcement and community partners, a clear role for each, and a record of working "
            "together or a credible plan to start."
        ),
        "max_score": 25,
        "weight": Decimal("2.00"),
    },
    {
        "code": "youth",
        "label": "Youth mobilization",
        "description": (
            "How young people partner with neighborhood groups and law enforcement to prevent violence."
        ),
        "max_score": 15,
        "weight": Decimal("1.00"),
    },
    {
        "code": "business",
        "label": "Business engagement",
        "description": "Businesses engaged in crime prevention: safety trainings and other initiatives.",
        "max_score": 10,
        "weight": Decimal("1.00"),
    },
    {
        "code": "goals",
        "label": "Quality of the measurable goals",
        "description": "Goals with targets, timeframes and data sources that show progress every quarter.",
        "max_score": 20,
        "weight": Decimal("1.50"),
    },
    {
        "code": "leadership",
        "label": "Partners whose leadership reflects the communities most affected",
        "description": (
            "Partner organizations led by people from the communities most affected, committed to diversity, "
            "equity and inclusion."
        ),
        "max_score": 15,
        "weight": Decimal("1.50"),
    },
    {
        "code": "budget",
        "label": "Budget",
        "description": "A reasonable budget that matches the activities and the goals.",
        "max_score": 15,
        "weight": Decimal("1.00"),
    },
]

RUBRIC_ROUNDS = ["clep-2021", "clep-2023"]


def load_rubric(apps):
    """Create or update the CLEP rubric of each seeded round; safe to run again."""
    FundingRound = apps.get_model("grants", "FundingRound")
    RubricCriterion = apps.get_model("grants", "RubricCriterion")
    for funding_round in FundingRound.objects.filter(slug__in=RUBRIC_ROUNDS):
        for order, spec in enumerate(CLEP_RUBRIC, start=1):
            RubricCriterion.objects.update_or_create(
                funding_round=funding_round,
                code=spec["code"],
                defaults={**{k: v for k, v in spec.items() if k != "code"}, "order": order},
            )
