"""What the public dashboard shows, formatted from the read model (grants.selectors.figures).

Every number comes from ``program_figures(rounds, accepted_only=True)``: only data Commerce accepted. This module
picks, orders and labels those numbers for the page, its charts, its tables and its CSV files; it adds nothing up
that the read model does not already give, except the perception trend's average over grantees, which weights each
grantee's accepted trust percentage by its accepted number of respondents, as the legislative report does.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.maps import coverage_map
from grants.models import Award, FundingRound, Goal, Metric
from grants.progress import goal_progress
from grants.selectors import figures as read_model
from grants.selectors.figures import program_figures

from .charts import bar_chart

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# Categories with a chart of their own elsewhere on the page (or none): the rest are activities.
OUTCOME_CATEGORIES = {"survey", "crime", "expenditure"}
COMPLETENESS_STATES = ("on_time", "late", "returned", "missing", "not_yet_due")
# Above this many grantees the page lists them in the CSV only (the statewide scale has hundreds).
PAGE_ROW_LIMIT = 60


def published_rounds(slug=None):
    """The rounds the dashboard covers: those with awards (or the one asked for, if it has any)."""
    rounds = FundingRound.objects.filter(awards__isnull=False).distinct().order_by("slug")
    if slug:
        rounds = rounds.filter(slug=slug)
    return list(rounds)


def figures_for(rounds):
    return program_figures(rounds, accepted_only=True)


def _metrics(rounds):
    by_code = {}
    for metric in Metric.objects.filter(funding_round__in=rounds).order_by(
        "funding_round__slug", "order", "code"
    ):
        by_code.setdefault(metric.code, metric)
    return by_code


def _number(value):
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"


def _dollars(value):
    return f"${Decimal(value):,.2f}"


def _percent(part, whole):
    return (part * HUNDRED / whole).quantize(Decimal("0.1")) if whole else None


@dataclass(frozen=True)
class ActivitySeries:
    code: str
    label: str
    per_quarter: list  # [(quarter label, total or None)]
    total: Decimal
    chart: object


def _activities(figures, metrics):
    series = []
    for code, metric in metrics.items():
        if metric.category in OUTCOME_CATEGORIES or metric.kind != Metric.Kind.COUNT:
            continue
        points = [(q, figures.metrics_by_quarter.get(q, {}).get(code)) for q in figures.quarter_labels]
        total = figures.totals.metrics.get(code, ZERO)
        label = metric.label_text
        chart = bar_chart(
            f"activity-{code}",
            label,
            label,
            [(q, v, _number(v)) for q, v in points],
            describe=lambda pts, label=label, total=total: (
                _(
                    "%(metric)s by quarter, %(first)s to %(last)s; %(total)s in all. The table beside the chart "
                    "gives each quarter's figure."
                )
                % {
                    "metric": label,
                    "first": pts[0][0] if pts else "",
                    "last": pts[-1][0] if pts else "",
                    "total": _number(total),
                }
            ),
        )
        series.append(ActivitySeries(code, label, points, total, chart))
    return series


def perception(figures):
    """[(quarter, grantees reporting, respondents, trust %)], as the read model weighs it."""
    return read_model.trust_by_quarter(figures)


def completeness_rows(figures):
    labels = {
        "on_time": _("On time"),
        "late": _("Late"),
        "returned": _("Returned for revision"),
        "missing": _("Missing"),
        "not_yet_due": _("Not yet due"),
    }
    return [(state, labels[state], figures.completeness.get(state, 0)) for state in COMPLETENESS_STATES]


def dashboard_context(rounds):
    figures = figures_for(rounds)
    metrics = _metrics(rounds)
    awards = figures.awards
    organizations = {}
    for award in awards:
        organizations.setdefault(award.organization_id, award.organization)
    covered = [row for row in figures.coverage if row.awards]
    county_map = coverage_map(figures.coverage)
    county_chart_rows = [(row.county, row.fips, row.awards, row.amount) for row in covered]

    money_chart = bar_chart(
        "funds",
        _("Funds awarded and spent"),
        _("US dollars"),
        [
            (_("Awarded"), figures.totals.awarded, _dollars(figures.totals.awarded)),
            (_("Spent (paid invoices, else reported)"), figures.totals.spent, _dollars(figures.totals.spent)),
        ],
        describe=lambda pts: (
            _("%(awarded)s awarded; %(spent)s reported spent in accepted quarterly reports.")
            % {"awarded": pts[0][2], "spent": pts[1][2]}
        ),
        css=["bar", "bar bar-alt"],
    )
    trend = perception(figures)
    perception_chart = bar_chart(
        "perception",
        _("Trust in law enforcement"),
        _("percent of survey respondents"),
        [(q, avg, f"{avg}%" if avg is not None else "—") for q, _n, _r, avg in trend],
        describe=lambda pts: (
            _("Share of survey respondents who trust law enforcement, by quarter: %(values)s.")
            % {"values": "; ".join(f"{label} {text}" for label, _v, text in pts)}
        ),
    )
    states = completeness_rows(figures)
    completeness_chart = bar_chart(
        "completeness",
        _("Quarterly reports by status"),
        _("reports"),
        [(label, Decimal(count), str(count)) for _state, label, count in states],
        describe=lambda pts: (
            _("%(due)s reports were due: %(detail)s.")
            % {
                "due": figures.completeness.get("due", 0),
                "detail": "; ".join(f"{label} {text}" for label, _v, text in pts),
            }
        ),
        css=[f"bar bar-{state}" for state, _l, _c in states],
    )
    grantee_rows = sorted(
        (
            (
                a.organization_id,
                a.organization,
                a.contract_number,
                a.round_slug,
                ", ".join(a.counties),
                a.amount,
                a.spent,
                a.status,
            )
            for a in awards
        ),
        key=lambda r: (r[1], r[2]),
    )
    return {
        "figures": figures,
        "rounds": rounds,
        "organization_count": len(organizations),
        "award_count": len(awards),
        "county_count": len(covered),
        "awarded": figures.totals.awarded,
        "spent": figures.totals.spent,
        "spent_percent": _percent(figures.totals.spent, figures.totals.awarded),
        "map": county_map,
        "county_rows": county_chart_rows,
        "money_chart": money_chart,
        "activities": _activities(figures, metrics),
        "quarters": figures.quarter_labels,
        "perception_rows": trend,
        "perception_chart": perception_chart,
        "completeness_rows": states,
        "completeness_due": figures.completeness.get("due", 0),
        "completeness_chart": completeness_chart,
        "grantee_rows": grantee_rows if len(grantee_rows) <= PAGE_ROW_LIMIT else [],
        "grantees_in_csv_only": len(grantee_rows) > PAGE_ROW_LIMIT,
        "organizations": sorted(organizations.items(), key=lambda item: item[1]),
        "map_summary": ngettext(
            "%(count)s county is served by at least one award.",
            "%(count)s counties are served by at least one award.",
            len(covered),
        )
        % {"count": len(covered)},
    }


# --- CSV tables ----------------------------------------------------------------------------------------------------


def csv_table(name, rounds):
    """(header, rows) of a dashboard table, or None for an unknown name."""
    figures = figures_for(rounds)
    if name == "grantees":
        return (
            [
                "organization",
                "contract_number",
                "round",
                "counties",
                "awarded",
                "paid",
                "expended",
                "spent",
                "status",
            ],
            [
                [
                    a.organization,
                    a.contract_number,
                    a.round_slug,
                    "; ".join(a.counties),
                    a.amount,
                    a.paid,
                    a.expended,
                    a.spent,
                    a.status,
                ]
                for a in sorted(figures.awards, key=lambda a: (a.organization, a.contract_number))
            ],
        )
    if name == "counties":
        return (
            ["county", "fips", "awards", "amount"],
            [[row.county, row.fips, row.awards, row.amount] for row in figures.coverage],
        )
    if name == "activities":
        metrics = _metrics(rounds)
        rows = []
        for quarter in figures.quarter_labels:
            for code, total in sorted(figures.metrics_by_quarter.get(quarter, {}).items()):
                metric = metrics.get(code)
                rows.append([quarter, code, metric.label.get("en", code) if metric else code, total])
        return ["quarter", "metric", "label", "total"], rows
    if name == "completeness":
        return (
            ["status", "reports"],
            [["due", figures.completeness.get("due", 0)]]
            + [[s, figures.completeness.get(s, 0)] for s in COMPLETENESS_STATES],
        )
    if name == "perception":
        return (
            ["quarter", "grantees_reporting", "respondents", "trust_percent"],
            [list(row) for row in perception(figures)],
        )
    return None


CSV_TABLES = ("grantees", "counties", "activities", "completeness", "perception")


# --- One organization ----------------------------------------------------------------------------------------------


def organization_context(organization):
    """An organization's awards, goals and quarterly activity (accepted data), or None if it holds no award."""
    awards = list(
        Award.objects.filter(organization=organization).select_related("application", "funding_round")
    )
    if not awards:
        return None
    rounds = sorted({a.funding_round for a in awards}, key=lambda r: r.slug)
    figures = program_figures(rounds, accepted_only=True, award_ids=[a.pk for a in awards])
    metrics = _metrics(rounds)
    by_id = {a.pk: a for a in awards}
    activity_codes = [
        code
        for code, m in metrics.items()
        if m.category not in OUTCOME_CATEGORIES and m.kind == Metric.Kind.COUNT
    ]
    entries = []
    for award_figures in figures.awards:
        award = by_id[award_figures.award_id]
        quarters = [q for q in figures.quarter_labels if q in award_figures.quarters]
        values = figures.values.get(award.pk, {})
        keyed = {tuple(int(p) for p in q.split("-Q")): v for q, v in values.items()}
        goals = goal_progress(
            list(Goal.objects.filter(application_id=award.application_id).order_by("pk")),
            metrics,
            [tuple(int(p) for p in q.split("-Q")) for q in quarters],
            keyed,
        )
        activity_rows = [
            (
                metrics[code].label_text,
                [values.get(q, {}).get(code) for q in quarters],
                award_figures.metrics.get(code),
            )
            for code in activity_codes
            if award_figures.metrics.get(code) is not None
        ]
        entries.append(
            {
                "figures": award_figures,
                "project_title": award.application.project_title,
                "project_summary": award.application.project_summary,
                "round_name": award.funding_round.name,
                "quarters": quarters,
                "activity_rows": activity_rows,
                "goals": goals,
                "spent_percent": _percent(award_figures.spent, award_figures.amount),
            }
        )
    return {
        "organization": organization,
        "entries": entries,
        "figures": figures,
        "activity_codes": activity_codes,
    }


def organization_csv(context):
    header = ["contract_number", "quarter", "metric", "value"]
    rows = []
    figures = context["figures"]
    for entry in context["entries"]:
        award = entry["figures"]
        for quarter in entry["quarters"]:
            for code, value in sorted(figures.values.get(award.award_id, {}).get(quarter, {}).items()):
                if isinstance(value, Decimal):
                    rows.append([award.contract_number, quarter, code, value])
    return header, rows
