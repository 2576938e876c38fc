"""The quarterly reporting schedule of an award: calendar quarters of its period of performance."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int
    starts_on: date
    ends_on: date
    due_on: date

    @property
    def label(self):
        return f"{self.year}-Q{self.quarter}"


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def reporting_quarters(period_start, period_end, due_days):
    """Every calendar quarter that overlaps the period, each due ``due_days`` after the quarter ends."""
    if period_end < period_start:
        return []
    quarters = []
    year, quarter = period_start.year, quarter_of(period_start)
    while True:
        starts_on, ends_on = quarter_bounds(year, quarter)
        if starts_on > period_end:
            break
        quarters.append(Quarter(year, quarter, starts_on, ends_on, ends_on + timedelta(days=due_days)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def parse_quarter_label(label):
    """'2022-Q3' → (2022, 3); ValueError with a readable message otherwise."""
    try:
        year_text, quarter_text = label.strip().upper().split("-Q")
        year, quarter = int(year_text), int(quarter_text)
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"{label!r} is not a quarter like 2022-Q3") from exc
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise ValueError(f"{label!r} is not a quarter like 2022-Q3")
    return year, quarter
