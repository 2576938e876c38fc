"""No request answers with a 500: every URL of the portal, for every role, in two languages, GET and a POST of
empty or nonsensical data, over the full demo data (applications, reviews, awards, quarterly data, reports)."""

import itertools
import re

import pytest
from django.urls import URLResolver, get_resolver

from accounts.models import User
from demo.loader import load_demo
from grants import models as grants
from reporting import models as reporting
from tests.factories import SignedInWithCodeClient

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("django-admin", "accounts/", "i18n")
NONSENSE = {
    "amount": "abc",
    "reason": "",
    "outcome": "award",
    "score": "-5",
    "value": "x",
    "comment": "",
    "kind": "zzz",
    "q": "\x00",
    "page": "-1",
    "period_start": "2023-13-45",
    "has_conflict": "maybe",
    "confirm": "yes",
}
SLUGS = {
    "round_slug": ["clep-2021", "no-such-round"],
    "slug": ["clep-2021"],
    "kind": ["final", "no-such-kind"],
    "step": ["project", "no-such-step"],
    "token": ["not-a-token"],
}


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _ids():
    def first(model):
        return [*model.objects.order_by("pk").values_list("pk", flat=True)[:1], 999999]

    return {
        "application_id": first(grants.Application),
        "organization_id": first(grants.Organization),
        "award_id": first(grants.Award),
        "period_id": first(grants.ReportingPeriod),
        "report_id": first(grants.QuarterlyReport),
        "invoice_id": first(grants.Invoice),
        "metric_id": first(grants.Metric),
        "assignment_id": first(grants.ReviewAssignment),
        "run_id": first(reporting.ReportRun),
        "pk": first(reporting.ReportRun),
    }


def _urls():
    ids = _ids()
    for route in _routes(get_resolver()):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        choices = [[(name, v) for v in SLUGS.get(name) or ids.get(name) or [1]] for name in params]
        for combination in itertools.product(*choices):
            url = route
            for name, value in combination:
                url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
            yield "/" + url


def test_no_url_answers_with_a_server_error_for_any_role(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    people = [
        None,
        *User.objects.filter(
            email__in=[
                "owner@yakima-unidos.demo",
                "manager@demo.clep.wa.gov",
                "reviewer@demo.clep.wa.gov",
                "fiscal@demo.clep.wa.gov",
            ]
        ),
    ]
    urls = list(_urls())
    assert len(people) == 5 and len(urls) > 100
    errors = []
    for person in people:
        # Staff sessions passed the second factor, so the staff pages themselves are exercised.
        client = SignedInWithCodeClient(raise_request_exception=False)
        if person:
            client.force_login(person)
        for url, language in itertools.product(urls, ["en", "tl"]):
            for response in (
                client.get(url, HTTP_ACCEPT_LANGUAGE=language),
                client.post(url, NONSENSE if language == "tl" else {}, HTTP_ACCEPT_LANGUAGE=language),
            ):
                if response.status_code >= 500:
                    errors.append(
                        (response.status_code, response.request["REQUEST_METHOD"], url, str(person))
                    )
    assert not errors, errors[:20]
