"""Charts for the reports: matplotlib (Agg) → SVG strings, one function per chart, each with alt text.

The same figures give the same bytes: a fixed ``svg.hashsalt`` and no date in the SVG metadata. Each chart is
returned as a ``Chart`` whose SVG carries ``role="img"``, an ``aria-label`` and a ``<title>`` (WeasyPrint
turns the title into the PDF figure's alternate text).
"""

import base64
import io
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
    return f"{kind} of {trend.title.lower()} by quarter. " + "; ".join(parts) + ". Data table follows."


def _wrap(label, width=34):
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def trend_chart(trend):
    """Small multiples: one line chart per series, each on its own axis (never two units on one axis), by
    quarter; its data table is printed after it. Panel labels name the series, so there is no legend to clip."""
    alt = _describe(trend)
    series = list(trend.series.items())
    columns = min(3, len(series))
    rows = -(-len(series) // columns)
    with plt.rc_context(SVG_RC):
        figure, grid = plt.subplots(
            rows, columns, figsize=(6.5, 0.4 + 2.0 * rows), squeeze=False, sharex=True
        )
        positions = list(range(len(trend.quarters)))
        step = max(1, -(-len(positions) // (8 if columns == 1 else 4)))
        for index, axes in enumerate(grid.flat):
            if index >= len(series):
                axes.set_visible(False)
                continue
            label, values = series[index]
            ys = [float(v) if v is not None else float("nan") for v in values]
            axes.plot(
                positions, ys, color=PALETTE[index % len(PALETTE)], marker="o", markersize=3, linewidth=1.4
            )
            if len(series) > 1:
                axes.set_title(_wrap(label), fontsize=7.5, loc="left")
            # Counts are whole numbers: whole ticks only. Few ticks: each text is laid out when the PDF is drawn.
            axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=trend.unit in ("", "%")))
            axes.set_ylim(0, 100 if trend.unit == "%" else None)
            axes.set_ylim(bottom=0)
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
            axes.tick_params(labelsize=7)
            axes.set_xticks(positions[::step], [_tick(q) for q in trend.quarters[::step]])
        top = 1 - 0.45 / (0.4 + 2.0 * rows) if len(series) > 1 else 0.96
        chart = _save(figure, alt, trend.key, bottom=0.5 / (0.4 + 2.0 * rows), top=top, hspace=0.75)
        return Chart(trend.key, alt, chart)


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
