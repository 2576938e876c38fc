"""A round's awards as a 360Giving data package (Data Standard 1.4), and its validation.

The official schemas are kept in ``opendata/schemas/`` (CC BY 4.0, 360Giving). The package schema refers to the
grant schema by URL; ``validate_package`` registers the local copy under that URL so validation runs offline,
with a format checker (without it a plain date matches both branches of ``awardDate``'s ``oneOf`` and a valid
file is refused).
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from reporting.figures import short_summary

from . import selectors
from .cache import last_modified
from .identifiers import grant_id, organization_id, publisher_prefix

SCHEMAS = Path(__file__).resolve().parent / "schemas"
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
)
STANDARD_VERSION = "1.4"
CURRENCY = "USD"
STATE = "Washington"


class NoGrants(Exception):
    """A 360Giving package needs at least one grant; the round has no awards yet."""


@lru_cache(maxsize=1)
def _validator():
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(GRANT_SCHEMA_URL, DRAFT202012.create_resource(grant))
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def validation_errors(package):
    """Each problem as 'path: message' (empty when the package is valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(package)'}: {error.message}"
        for error in sorted(_validator().iter_errors(package), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL.rstrip("/") + path


def _money(amount):
    # JSON has one number type; the Decimal is exact to the cent and prints back as the same figure.
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _funder():
    return {
        "id": settings.OPEN_DATA_FUNDER_ORG_ID,
        "name": settings.OPEN_DATA_FUNDER_NAME,
        "department": "CLEP",
    }


def _recipient(organization, request):
    recipient = {
        "id": organization_id(organization),
        "name": organization.legal_name,
        "addressRegion": STATE,
        "addressCountry": "United States",
        "organisationType": organization.get_org_type_display(),
        "url": _absolute(request, reverse("opendata:organization", args=[organization.pk])),
    }
    if organization.city:
        recipient["addressLocality"] = organization.city
    return recipient


def grant(award, request=None):
    funding_round = award.funding_round
    application = award.application
    awarded_on = funding_round.decisions_finalized_at or award.created_at
    return {
        "id": grant_id(award),
        "title": (application.project_title or f"CLEP grant to {award.organization.legal_name}")[:140],
        "description": short_summary(application.project_summary) or funding_round.name,
        "currency": CURRENCY,
        "amountAwarded": _money(award.amount),
        "awardDate": timezone.localtime(awarded_on).date().isoformat(),
        "plannedDates": [
            {"startDate": award.period_start.isoformat(), "endDate": award.period_end.isoformat()}
        ],
        "recipientOrganization": [_recipient(award.organization, request)],
        "fundingOrganization": [_funder()],
        "grantProgramme": [{"code": funding_round.slug, "title": funding_round.name}],
        "beneficiaryLocation": [
            {
                "id": f"US-FIPS-{c.fips}",
                "name": f"{c.name} County, {STATE}",
                "countryCode": "US",
                "geoCode": c.fips,
            }
            for c in award.counties.all()
        ],
        "dateModified": timezone.localtime(award.created_at).isoformat(),
    }


def package_for_round(funding_round, request=None):
    """The round's awards as a package; raises NoGrants when the round has none."""
    awards = list(selectors.public_awards().filter(funding_round=funding_round))
    if not awards:
        raise NoGrants(funding_round.slug)
    url = _absolute(request, reverse("opendata_api:360giving") + f"?round={funding_round.slug}")
    modified = timezone.localtime(last_modified()).isoformat(timespec="seconds")
    return {
        "version": STANDARD_VERSION,
        "title": f"{funding_round.name}: grants of the Community-Law Enforcement Partnership program",
        "description": (
            "Awards made by the Washington State Department of Commerce under RCW 43.330.545 in "
            f"{funding_round.name}, from the CLEP Portal."
        ),
        "identifier": f"{publisher_prefix()}-{funding_round.slug}",
        "issued": modified,
        "modified": modified,
        "publisher": {
            "name": settings.OPEN_DATA_FUNDER_NAME,
            "identifier": settings.OPEN_DATA_FUNDER_ORG_ID,
            "website": settings.SITE_URL,
        },
        "license": settings.OPEN_DATA_LICENSE,
        "downloadURL": url,
        "accessURL": _absolute(request, reverse("opendata:dashboard")),
        "grants": [grant(award, request) for award in awards],
    }
