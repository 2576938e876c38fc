"""Goals and progress: each measurable goal of the application against what the quarterly reports say.

Counts and money add up over the quarters towards the target; a percentage (e.g. survey trust) is a level
each quarter is compared with. Charts are matplotlib rendered to SVG on the server.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

PERIOD, YEAR, QUARTER = "period", "year", "quarter"
_YEARLY = re.compile(r"\b(each|every|per|a)\s+year\b|\byearly\b|\bannual(ly)?\b|\bper\s+annum\b", re.I)
_QUARTERLY = re.compile(r"\b(each|every|per|a)\s+quarter\b|\bquarterly\b", re.I)


def timeframe_span(timeframe):
    """What a goal's timeframe asks for: a yearly target ("each year"), a quarterly one, or one for the period."""
    text = timeframe or ""
    if _QUARTERLY.search(text):
        return QUARTER
    if _YEARLY.search(text):
        return YEAR
    return PERIOD


def award_year(year, quarter, period_start):
    """0 for the award's first twelve months, 1 for the next twelve, … (by the quarter's first month)."""
    month = 3 * (quarter - 1) + 1
    return max(0, ((year - period_start.year) * 12 + month - period_start.month) // 12)


@dataclass(frozen=True)
class QuarterPoint:
    label: str
    value: Decimal | None
    cumulative: Decimal | None


@dataclass(frozen=True)
class GoalProgress:
    code: str
    label: str
    kind: str
    description: str
    target: Decimal
    points: list
    span: str = PERIOD  # the target's timeframe: period, year or quarter

    @property
    def is_cumulative(self):
        return self.kind != "percentage" and self.span != QUARTER

    @property
    def latest(self):
        """What the target is compared with: the running total of the target's timeframe (the latest year for
        a yearly target), or the latest level for a percentage or a quarterly target."""
        known = [p for p in self.points if (p.cumulative if self.is_cumulative else p.value) is not None]
        if not known:
            return None
        return known[-1].cumulative if self.is_cumulative else known[-1].value

    @property
    def percent_of_target(self):
        if self.latest is None or not self.target:
            return None
        return round(self.latest / self.target * 100)


def goal_progress(goals, metrics_by_code, quarters, values_by_quarter, period_start=None):
    """One GoalProgress per goal whose metric exists and is a number (see ``progress_of_goal``)."""
    result = []
    for goal in goals:
        progress = progress_of_goal(
            goal, metrics_by_code.get(goal.metric_code), quarters, values_by_quarter, period_start
        )
        if progress is not None:
            result.append(progress)
    return result


def progress_of_goal(goal, metric, quarters, values_by_quarter, period_start=None):
    """The one computation of a goal's progress, or None when it names no numeric metric or no target.

    ``quarters`` is [(year, quarter)] in order; ``values_by_quarter`` {(year, quarter): {code: value}} holds the
    counted reports only (grants.selectors.figures). A yearly target's running total starts again each award
    year (counted from ``period_start``), so a yearly target is compared with a yearly total.
    """
    if metric is None or metric.kind == "text" or goal.target is None:
        return None
    span = timeframe_span(goal.timeframe)
    running, started, segment = Decimal("0"), False, None
    points = []
    for year, quarter in quarters:
        if span == YEAR and period_start is not None:
            this_segment = award_year(year, quarter, period_start)
            if this_segment != segment:  # a new award year: its total starts from nothing
                segment, running, started = this_segment, Decimal("0"), False
        value = values_by_quarter.get((year, quarter), {}).get(metric.code)
        if isinstance(value, str):
            value = None
        if value is not None:
            running += value
            started = True
        points.append(QuarterPoint(f"{year}-Q{quarter}", value, running if started else None))
    return GoalProgress(
        code=metric.code,
        label=metric.label_text,
        kind=metric.kind,
        description=goal.description,
        target=goal.target,
        points=points,
        span=span,
    )


def chart_svg(progress):
    """An SVG chart of one goal: quarterly bars, the running total (or level) line and the target line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    plt.rcParams["svg.fonttype"] = "none"
    labels = [p.label for p in progress.points]
    values = [float(p.value) if p.value is not None else 0.0 for p in progress.points]
    figure = Figure(figsize=(7, 3.2), dpi=100)
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.bar(positions, values, color="#1b365d", label=_("This quarter"))
    if progress.is_cumulative:
        cumulative = [float(p.cumulative) if p.cumulative is not None else None for p in progress.points]
        axes.plot(
            positions,
            [c if c is not None else float("nan") for c in cumulative],
            color="#b35900",
            marker="o",
            label=_("Total so far"),
        )
    axes.axhline(float(progress.target), color="#2e7d32", linestyle="--", label=_("Target"))
    axes.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=8)
    axes.set_title(progress.label, fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False, loc="upper left")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def text_alternative(progress):
    """What the chart shows, in one sentence, for its alt text."""
    latest = progress.latest
    if latest is None:
        return _("%(metric)s: no figures reported yet; the target is %(target)s.") % {
            "metric": progress.label,
            "target": _number(progress.target),
        }
    if progress.is_cumulative and progress.span == YEAR:
        return _(
            "%(metric)s: %(total)s so far this award year against a yearly target of %(target)s "
            "(%(percent)s%% of the target), quarter by quarter in the table below."
        ) % {
            "metric": progress.label,
            "total": _number(latest),
            "target": _number(progress.target),
            "percent": progress.percent_of_target,
        }
    if progress.is_cumulative:
        return _(
            "%(metric)s: %(total)s so far against a target of %(target)s (%(percent)s%% of the target), "
            "quarter by quarter in the table below."
        ) % {
            "metric": progress.label,
            "total": _number(latest),
            "target": _number(progress.target),
            "percent": progress.percent_of_target,
        }
    return _(
        "%(metric)s: %(latest)s in the latest quarter against a target of %(target)s, quarter by quarter in "
        "the table below."
    ) % {"metric": progress.label, "latest": _number(latest), "target": _number(progress.target)}


def _number(value):
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
