"""Charts for the reports: matplotlib (Agg) → SVG strings, one function per chart, each with alt text.

The same figures give the same bytes: a fixed ``svg.hashsalt`` and no date in the SVG metadata. Each chart is
returned as a ``Chart`` whose SVG carries ``role="img"``, an ``aria-label`` and a ``<title>`` (WeasyPrint
turns the title into the PDF figure's alternate text).
"""

import base64
import io
import math
import re
from dataclasses import dataclass
from html import escape
from xml.etree import ElementTree

import matplotlib

from grants import maps

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

SVG_RC = {
    "svg.hashsalt": "clep-reports",
    "svg.fonttype": "none",  # text as <text>: far smaller SVGs, faster to render, searchable in the PDF
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Colours distinguishable in greyscale and by people with colour-vision deficiencies (Okabe-Ito), plus markers.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
REFERENCE = re.compile(r'(?:href="#|url\(#)([^")]+)')
ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


@dataclass(frozen=True)
class Chart:
    key: str
    alt: str
    svg: str

    @property
    def data_uri(self):
        """The SVG as an image URL. Reports embed charts as <img alt>: WeasyPrint draws them without running
        each SVG node through the HTML cascade (much faster) and tags them as Figures with /Alt, and browsers
        apply the SVG's own styles, which the portal's CSP would block in inline SVG."""
        svg = self.svg if "xmlns=" in self.svg else self.svg.replace("<svg", f'<svg xmlns="{SVG_NS}"', 1)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _compact(svg, prefix):
    """matplotlib's SVG without its bookkeeping: drop <metadata>, unwrap groups that only carry an id, and
    prefix the ids that are referenced (several charts share one page). Halves the nodes WeasyPrint draws."""
    root = ElementTree.fromstring(svg)  # noqa: S314 - matplotlib output made a moment ago, not user input
    referenced = set(REFERENCE.findall(svg))
    for element in root.iter():
        element[:] = _flattened(element, referenced)
        element_id = element.attrib.pop("id", None)
        if element_id in referenced:
            element.set("id", f"{prefix}-{element_id}")
        href = element.attrib.get(XLINK_HREF)
        if href and href.startswith("#"):
            element.set(XLINK_HREF, f"#{prefix}-{href[1:]}")
        for name, value in element.attrib.items():
            if "url(#" in value:  # clip-path="url(#…)", style="fill: url(#…)" (hatches)
                element.set(name, value.replace("url(#", f"url(#{prefix}-"))
    # The prefix registry is process-wide and other libraries change it at run time (qrcode registers "svg" each
    # time it draws the MFA set-up QR code), so the SVG namespace is made the default again right before writing.
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ElementTree.tostring(root, encoding="unicode")


def _flattened(element, referenced):
    children = []
    for child in element:
        if child.tag == f"{{{SVG_NS}}}metadata":
            continue
        if (
            child.tag == f"{{{SVG_NS}}}g"
            and set(child.attrib) <= {"id"}
            and child.get("id") not in referenced
        ):
            children.extend(_flattened(child, referenced))
        else:
            children.append(child)
    return children


def _accessible_svg(svg, alt, key):
    """Compact the SVG and put role, aria-label and a <title> on the root element."""
    svg = _compact(svg, key)
    end = svg.index(">")
    opening = svg[:end]
    opening = opening.replace("<svg", f'<svg role="img" aria-label="{escape(alt)}"', 1)
    return f"{opening}><title>{escape(alt)}</title>{svg[end + 1 :]}"


def _tick(quarter):
    """'2022-Q3' on two short lines, so eight quarters fit side by side."""
    year, _, number = quarter.partition("-")
    return f"{number}\n{year}"


def _save(figure, alt, key, *, bottom=0.17, top=0.96, left=0.08, hspace=None):
    # Fixed margins instead of bbox_inches="tight", which draws the figure twice.
    figure.subplots_adjust(left=left, right=0.97, bottom=bottom, top=top, hspace=hspace, wspace=0.28)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return _accessible_svg(out.getvalue(), alt, key)


def _format(value, unit):
    if unit == "%":
        return f"{value:,.0f}%"
    if unit and unit != "%":
        return f"{value:,.2f} {unit}"
    return f"{value:,.0f}"


def _describe(trend):
    parts = []
    for label, values in trend.series.items():
        points = [(q, v) for q, v in zip(trend.quarters, values, strict=True) if v is not None]
        if not points:
            parts.append(f"{label}: no data")
            continue
        (first_q, first), (last_q, last) = points[0], points[-1]
        peak_q, peak = max(points, key=lambda p: p[1])
        parts.append(
            f"{label}: {_format(first, trend.unit)} in {first_q}, {_format(last, trend.unit)} in {last_q}, "
            f"highest {_format(peak, trend.unit)} in {peak_q}"
        )
    kind = (
        "Line chart" if len(trend.series) == 1 else f"{len(trend.series)} small line charts, one per measure,"
    )
    where = (
        "Data table follows."
        if trend.table.in_pdf
        else f"Values by quarter: {trend.table.key}.csv in the data download."
    )
    return f"{kind} of {trend.title.lower()} by quarter. " + "; ".join(parts) + ". " + where


def _wrap(label, width=34):
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _nice_axis(maximum, *, whole, ticks=4):
    """(top, step) of a y axis from 0 that holds ``maximum`` in about ``ticks`` round steps."""
    if maximum <= 0:
        return (ticks, 1) if whole else (1.0, 0.25)
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    return step * math.ceil(maximum / step - 1e-9), step


def _number_label(value, whole):
    return f"{value:,.0f}" if whole or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


PANEL_WIDTH, PANEL_HEIGHT, FONT = 468.0, 118.0, 'font-family="DejaVu Sans, sans-serif"'


def _panel(index, label, values, quarters, unit, x0, y0, width, titled):
    """One small line chart as SVG elements: its own y axis from 0, quarters along x, the series' name above."""
    numbers = [float(v) for v in values if v is not None]
    whole = unit in ("", "%")
    top, step = (100, 25) if unit == "%" else _nice_axis(max(numbers, default=0), whole=whole)
    left, right, head, foot = x0 + 34, x0 + width - 10, y0 + (24 if titled else 8), y0 + PANEL_HEIGHT - 22
    parts = []
    if titled:
        for line_number, line in enumerate(_wrap(label, 40 if width > 200 else 30).split("\n")[:2]):
            parts.append(
                f'<text x="{x0 + 4:g}" y="{y0 + 9 + 9 * line_number:g}" font-size="7.5" {FONT} '
                f'fill="#111111">{escape(line)}</text>'
            )
    tick = 0
    while tick <= top + 1e-9:
        y = foot - (foot - head) * tick / top
        parts.append(
            f'<line x1="{left:g}" x2="{right:g}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dddddd" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{left - 4:g}" y="{y + 2.5:.1f}" font-size="6.5" text-anchor="end" {FONT} '
            f'fill="#333333">{_number_label(tick, whole)}</text>'
        )
        tick += step
    count = len(quarters)
    every = max(1, math.ceil(count / (8 if width > 300 else 4)))

    def x_of(position):
        return left + (right - left) * (position + 0.5) / max(count, 1)

    for position in range(0, count, every):
        number, year = _tick(quarters[position]).split("\n")
        for line_number, text in enumerate((number, year)):
            parts.append(
                f'<text x="{x_of(position):.1f}" y="{foot + 9 + 8 * line_number:g}" font-size="6.5" '
                f'text-anchor="middle" {FONT} fill="#333333">{text}</text>'
            )
    parts.append(
        f'<line x1="{left:g}" x2="{right:g}" y1="{foot:g}" y2="{foot:g}" stroke="#333333" stroke-width="0.8"/>'
    )
    color = PALETTE[index % len(PALETTE)]
    points, runs = [], []
    for position, value in enumerate(values):
        if value is None:
            if points:
                runs.append(points)
            points = []
            continue
        points.append((x_of(position), foot - (foot - head) * float(value) / top))
    if points:
        runs.append(points)
    for run in runs:
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{color}" stroke-width="1.4"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{color}"/>' for x, y in run)
    return parts


def trend_chart(trend):
    """Small multiples: one line chart per series, each on its own y axis (never two units on one axis), by
    quarter; its data table is in the report or its data download. Each panel is titled with its series, so
    there is no legend to clip. Plain SVG written here: a few elements per panel, quick to draw in the PDF."""
    alt = _describe(trend)
    series = list(trend.series.items())
    columns = min(3, len(series)) or 1
    rows = -(-len(series) // columns) or 1
    titled = len(series) > 1
    width = PANEL_WIDTH / columns
    height = PANEL_HEIGHT * rows
    parts = []
    for index, (label, values) in enumerate(series):
        x0, y0 = width * (index % columns), PANEL_HEIGHT * (index // columns)
        parts.extend(_panel(index, label, values, trend.quarters, trend.unit, x0, y0, width, titled))
    svg = (
        f'<svg role="img" aria-label="{escape(alt)}" xmlns="{SVG_NS}" viewBox="0 0 {PANEL_WIDTH:g} {height:g}" '
        f'width="6.5in" height="{6.5 * height / PANEL_WIDTH:.2f}in"><title>{escape(alt)}</title>'
        + "".join(parts)
        + "</svg>"
    )
    return Chart(trend.key, alt, svg)


def completeness_chart(totals_by_quarter, quarters):
    """Stacked bars of reports on time, late, returned and missing per quarter (one unit: reports)."""
    kinds = [
        ("On time", 2),
        ("Late", 3),
        ("Returned", 4),
        ("Missing", 5),
    ]  # columns of the completeness table
    total = {label: sum(row[index] for row in totals_by_quarter) for label, index in kinds}
    alt = (
        "Stacked bar chart of quarterly reports by quarter: "
        + ", ".join(f"{total[label]:,} {label.lower()}" for label, _ in kinds)
        + " over the period. Data table follows."
    )
    with plt.rc_context(SVG_RC):
        figure, axes = plt.subplots(figsize=(6.5, 2.8))
        bottoms = [0] * len(quarters)
        for color_index, (label, index) in enumerate(kinds):
            heights = [row[index] for row in totals_by_quarter]
            axes.bar(
                range(len(quarters)),
                heights,
                bottom=bottoms,
                label=label,
                color=PALETTE[color_index],
                hatch=["", "//", "..", "xx"][color_index],
                edgecolor="white",
            )
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_xticks(list(range(len(quarters))), [_tick(q) for q in quarters])
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        axes.set_ylabel("Reports", fontsize=8)
        # The legend sits above the plot, in one row, inside the figure: never clipped.
        axes.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4)
        return Chart("data-completeness", alt, _save(figure, alt, "data-completeness", top=0.86, bottom=0.2))


def comparison_chart(comparison):
    """Mean reported offenses per 1,000 residents before and after, funded against unfunded counties."""
    result = comparison.result
    before, after = result.baseline_year, result.after_year
    groups = [("Funded counties", result.funded), ("Counties without an award", result.comparison)]
    alt = (
        f"Line chart of the mean rate of reported offenses per 1,000 residents in {before} and {after}: "
        + "; ".join(f"{label} {group.before:,.2f} to {group.after:,.2f}" for label, group in groups)
        + ". Data table follows."
    )
    key = f"crime-rate-comparison-{comparison.round_slug}"
    with plt.rc_context(SVG_RC):
        figure, axes = plt.subplots(figsize=(6.5, 2.6))
        for index, (label, group) in enumerate(groups):
            axes.plot(
                [0, 1],
                [group.before, group.after],
                color=PALETTE[index],
                marker=MARKERS[index],
                linewidth=1.8,
                label=label,
            )
        axes.set_xticks([0, 1], [str(before), str(after)])
        axes.set_xlim(-0.2, 1.2)
        axes.legend(fontsize=7.5, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axes.set_ylabel("Offenses per 1,000 residents", fontsize=8)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        return Chart(key, alt, _save(figure, alt, key, left=0.1, top=0.86))


MAP_FILLS = {"covered": "#0b5394", "listed": "#9fc5e8", "other": "#f3f3f3"}
# The coverage map's shading (grants.maps) in the report's three fills.
MAP_STATE = {
    "map-awards-many": "covered",
    "map-awards-one": "covered",
    "map-listed-none": "listed",
    "map-not-listed": "other",
}


def coverage_map(rows):
    """Washington's counties: served by a grantee, eligible but not served, and not eligible.

    ``rows``: the read model's coverage rows; grants.maps shades the counties, as on the staff coverage page.
    """
    drawn = maps.coverage_map(rows)
    counties = drawn["counties"]
    covered = sorted(c["name"] for c in counties if MAP_STATE[c["shade"]] == "covered")
    uncovered = sorted(c["name"] for c in counties if MAP_STATE[c["shade"]] == "listed")
    alt = (
        f"Map of Washington's 39 counties. Served by a grantee ({len(covered)}): "
        f"{', '.join(covered) or 'none'}. "
        + (f"Listed but not served ({len(uncovered)}): {', '.join(uncovered)}. " if uncovered else "")
        + "The coverage table follows."
    )
    paths = []
    for county in counties:
        paths.append(
            f'<path d="{county["path"]}" fill="{MAP_FILLS[MAP_STATE[county["shade"]]]}" stroke="#444444" '
            f'stroke-width="0.8"><title>{escape(county["name"])}</title></path>'
        )
    width, height = (float(v) for v in drawn["view_box"].split()[2:])
    legend_y = height + 8
    legend = []
    for index, (state, label) in enumerate(
        [("covered", "Served by a grantee"), ("listed", "Listed, not served"), ("other", "Not listed")]
    ):
        x = 10 + index * 220
        legend.append(
            f'<rect x="{x}" y="{legend_y}" width="18" height="18" fill="{MAP_FILLS[state]}" '
            f'stroke="#444444"/><text x="{x + 26}" y="{legend_y + 14}" font-size="16" '
            f'font-family="DejaVu Sans, sans-serif" fill="#222222">{label}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(alt)}" '
        f'viewBox="0 0 {width:g} {height + 36:g}" width="6.5in" height="{6.5 * (height + 36) / width:.2f}in">'
        f"<title>{escape(alt)}</title>{''.join(paths)}{''.join(legend)}</svg>"
    )
    return Chart("coverage-map", alt, svg)


def report_charts(report):
    """Every chart of a report, keyed for the template."""
    charts = {}
    if report.selection:
        charts["coverage_map"] = coverage_map(report.selection.coverage_rows)
    if report.outcomes:
        outcomes = report.outcomes
        charts["activities"] = {t.key: trend_chart(t) for t in outcomes.activity_trends}
        charts["survey"] = trend_chart(outcomes.survey)
        charts["completeness"] = completeness_chart(outcomes.completeness.rows, outcomes.quarters)
    if report.effects:
        charts["engagement"] = trend_chart(report.effects.engagement_trend)
        charts["comparisons"] = {
            c.round_slug: comparison_chart(c) for c in report.effects.comparisons if c.result.is_available
        }
    return charts
