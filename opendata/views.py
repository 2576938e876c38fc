"""The public dashboard, each funded organization's page, their CSV downloads and /data.json. No login.

The expensive part of a page (the figures and the charts) is rendered once per data version, day, language and
round and kept in the cache; the page around it (navigation, language switcher) is rendered per request.
"""

import json

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from grants.models import Organization
from portal.csv_files import csv_response, writer

from . import dashboard as board
from .cache import cached, conditional_response, last_modified
from .catalog import catalog as build_catalog


def _rounds_or_404(request):
    slug = request.GET.get("round", "").strip()
    rounds = cached(("rounds", slug), lambda: board.published_rounds(slug or None))
    if slug and not rounds:
        raise Http404
    return slug, rounds


def dashboard(request):
    slug, rounds = _rounds_or_404(request)
    language = translation.get_language()

    def page_parts():
        # Everything below the heading, links included: the page around it is the portal's chrome only.
        links = {"all_rounds": board.published_rounds(), "round_slug": slug, "csv_tables": board.CSV_TABLES}
        if rounds:
            context = board.dashboard_context(rounds)
            context["round_slug"] = slug
            body = render_to_string("opendata/_dashboard_body.html", context)
        else:
            body = render_to_string("opendata/_dashboard_empty.html")
        html = (
            render_to_string("opendata/_dashboard_rounds.html", links)
            + body
            + render_to_string("opendata/_dashboard_links.html", links)
        )
        return html, last_modified()

    body, updated = cached(("dashboard", language, slug), page_parts)
    return render(request, "opendata/dashboard.html", {"body": mark_safe(body), "updated": updated})


def dashboard_csv(request, table):
    slug, rounds = _rounds_or_404(request)
    if table not in board.CSV_TABLES:
        raise Http404
    header, rows = cached(("csv", table, slug), lambda: board.csv_table(table, rounds))
    response = csv_response(f"clep-{table}{'-' + slug if slug else ''}.csv")
    out = writer(response)
    out.writerow(header)
    out.writerows(rows)
    return response


def organization(request, organization_id):
    organization = get_object_or_404(Organization, pk=organization_id)
    language = translation.get_language()

    def body():
        context = board.organization_context(organization)
        return None if context is None else render_to_string("opendata/_organization_body.html", context)

    html = cached(("organization", organization_id, language), lambda: body() or "")
    if not html:
        raise Http404
    return render(
        request,
        "opendata/organization.html",
        {"organization": organization, "body": mark_safe(html), "updated": last_modified()},
    )


def organization_csv(request, organization_id):
    organization = get_object_or_404(Organization, pk=organization_id)
    context = board.organization_context(organization)
    if context is None:
        raise Http404
    header, rows = board.organization_csv(context)
    response = csv_response(f"clep-organization-{organization_id}-activities.csv")
    out = writer(response)
    out.writerow(header)
    out.writerows(rows)
    return response


def catalog(request):
    return conditional_response(
        request,
        ("data.json", request.build_absolute_uri("/")),
        lambda: json.dumps(build_catalog(request), indent=2, ensure_ascii=False).encode(),
    )
