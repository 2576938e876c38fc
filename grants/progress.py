"""Goals and progress: each measurable goal of the application against what the quarterly reports say.

Counts and money add up over the quarters towards the target; a percentage (e.g. survey trust) is a level
each quarter is compared with. Charts are matplotlib rendered to SVG on the server.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


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

    @property
    def is_cumulative(self):
        return self.kind != "percentage"

    @property
    def latest(self):
        known = [p for p in self.points if (p.cumulative if self.is_cumulative else p.value) is not None]
        if not known:
            return None
        return known[-1].cumulative if self.is_cumulative else known[-1].value

    @property
    def percent_of_target(self):
        if self.latest is None or not self.target:
            return None
        return round(self.latest / self.target * 100)


def goal_progress(goals, metrics_by_code, quarters, values_by_quarter):
    """One GoalProgress per goal whose metric exists; ``quarters`` is [(year, quarter)] in order."""
    result = []
    for goal in goals:
        metric = metrics_by_code.get(goal.metric_code)
        if metric is None or metric.kind == "text":
            continue
        running = Decimal("0")
        points = []
        for year, quarter in quarters:
            value = values_by_quarter.get((year, quarter), {}).get(metric.code)
            if value is not None:
                running += value
            has_any = value is not None or bool(points and points[-1].cumulative is not None)
            points.append(QuarterPoint(f"{year}-Q{quarter}", value, running if has_any else None))
        result.append(
            GoalProgress(
                code=metric.code,
                label=metric.label_text,
                kind=metric.kind,
                description=goal.description,
                target=goal.target,
                points=points,
            )
        )
    return result


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
