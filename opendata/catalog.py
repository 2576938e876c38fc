"""The data catalog at /data.json (DCAT-US 1.1, Project Open Data), for state and federal open-data portals.

Each dataset names its API endpoint (with the OpenAPI document that describes it), its CSV or JSON downloads and
when its data last changed. Harvesters read it as JSON; nothing here is computed beyond listing.
"""

from django.conf import settings
from django.urls import reverse

from . import selectors
from .cache import last_modified

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
KEYWORDS = [
    "community policing",
    "public safety",
    "grants",
    "Community-Law Enforcement Partnership",
    "Washington",
]


def _url(request, name, *args, query=""):
    return request.build_absolute_uri(reverse(name, args=args)) + query


def _api(request, name, title, description):
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "description": description,
        "accessURL": _url(request, name),
        "format": "API",
        "mediaType": "application/json",
        "describedBy": _url(request, "opendata_api:openapi"),
        "describedByType": OPENAPI_TYPE,
    }


def _csv(request, table, title):
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "downloadURL": _url(request, "opendata:dashboard_csv", table),
        "format": "CSV",
        "mediaType": "text/csv",
    }


def catalog(request):
    modified = last_modified().date().isoformat()
    publisher = {"@type": "org:Organization", "name": settings.OPEN_DATA_FUNDER_NAME}
    contact = {
        "@type": "vcard:Contact",
        "fn": "Community-Law Enforcement Partnership program",
        "hasEmail": f"mailto:{settings.PROGRAM_CONTACT_EMAIL}",
    }
    landing = _url(request, "opendata:dashboard")
    rounds = list(selectors.public_rounds().filter(awards__isnull=False).distinct())
    temporal = [r for r in rounds if r.period_start and r.period_end]
    common = {
        "@type": "dcat:Dataset",
        "modified": modified,
        "publisher": publisher,
        "contactPoint": contact,
        "accessLevel": "public",
        "license": settings.OPEN_DATA_LICENSE,
        "spatial": "Washington",
        "language": ["en-US"],
        "landingPage": landing,
        "theme": ["Public Safety"],
        "keyword": KEYWORDS,
    }
    if temporal:
        common["temporal"] = (
            f"{min(r.period_start for r in temporal).isoformat()}/{max(r.period_end for r in temporal).isoformat()}"
        )

    def dataset(key, title, description, distribution):
        return {
            **common,
            "identifier": f"{settings.SITE_URL.rstrip('/')}/data.json#{key}",
            "title": title,
            "description": description,
            "distribution": distribution,
        }

    giving = [
        {
            "@type": "dcat:Distribution",
            "title": f"360Giving data package: {r.name}",
            "downloadURL": _url(request, "opendata_api:360giving", query=f"?round={r.slug}"),
            "format": "JSON",
            "mediaType": "application/json",
            "conformsTo": "https://standard.threesixtygiving.org/en/latest/",
        }
        for r in rounds
    ]
    datasets = [
        dataset(
            "awards",
            "CLEP awards",
            "Grants of the Community-Law Enforcement Partnership program (RCW 43.330.545): organization, "
            "counties served, amount, period of performance and status.",
            [
                _api(
                    request,
                    "opendata_api:award-list",
                    "Awards API",
                    "Paginated; filter by round, county, status.",
                ),
                _csv(request, "grantees", "Grantees and funds (CSV)"),
                *giving,
            ],
        ),
        dataset(
            "organizations",
            "CLEP funded organizations",
            "Organizations holding a CLEP award, with their org-id and awards; no contact data.",
            [
                _api(
                    request, "opendata_api:organization-list", "Organizations API", "Filter by round, county."
                )
            ],
        ),
        dataset(
            "quarterly-metrics",
            "CLEP quarterly activity metrics",
            "The activity figures grantees report each quarter, as accepted by Commerce, per award and quarter.",
            [
                _api(
                    request,
                    "opendata_api:quarterly-metrics-list",
                    "Quarterly metrics API",
                    "Filter by round, county, quarter (2022-Q1).",
                ),
                _api(
                    request,
                    "opendata_api:metric-definition-list",
                    "Metric definitions API",
                    "What each code means.",
                ),
                _csv(request, "activities", "Activities by quarter (CSV)"),
            ],
        ),
        dataset(
            "program-figures",
            "CLEP program figures",
            "Funds awarded and spent, activity totals, data completeness and coverage by county, from accepted "
            "quarterly data.",
            [
                _api(request, "opendata_api:figures", "Program figures API", "Totals per round."),
                _csv(request, "counties", "Funds by county (CSV)"),
                _csv(request, "completeness", "Data completeness (CSV)"),
            ],
        ),
        dataset(
            "reports",
            "CLEP reports to the Legislature",
            "Published preliminary, final and biennial reports (tagged PDF) with their data tables and checksums.",
            [_api(request, "opendata_api:report-list", "Reports API", "Published reports and their files.")],
        ),
    ]
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }
