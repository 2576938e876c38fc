"""Bar charts for the public dashboard as plain data the template draws as inline SVG.

No inline style (the portal's CSP forbids it): geometry goes in SVG attributes, colours in static/css/opendata.css.
Each chart carries its title, a one-sentence description for screen readers and the rows of the data table
shown beside it, so the chart never holds a number the table does not.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 44


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    css: str = "bar"

    @property
    def value_y(self):
        return round(self.y - 6, 1)


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    description: str
    unit: str
    bars: list
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    label_y: float = HEIGHT - BOTTOM + 18


def bar_chart(key, title, unit, points, *, describe, css=None):
    """``points``: [(label, value or None, text)]; ``describe(points)`` gives the screen-reader summary."""
    known = [value for _label, value, _text in points if value is not None]
    top = max(known, default=Decimal("0")) or Decimal("1")
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)
    bar_width = slot * 0.6
    bars = []
    for index, (label, value, text) in enumerate(points):
        height = float(value / top) * plot_height if value else 0.0
        x = LEFT + index * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                x=round(x, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                label_x=round(x + bar_width / 2, 1),
                css=(css[index] if css else "bar"),
            )
        )
    return BarChart(key=key, title=title, description=describe(points), unit=unit, bars=bars)
