"""Dates and money follow the reader's language."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template('{% load portal_tags %}{{ amount|money }} | {{ day|date:"DATE_FORMAT" }}')


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "$1,234,567.50 | June 30, 2025"),
        ("es", "$1,234,567.50 | 30 de junio de 2025"),
        ("tl", "$1,234,567.50 | Hunyo 30, 2025"),
    ],
)
def test_money_and_dates_in_each_language(language, expected):
    with translation.override(language):
        rendered = TEMPLATE.render(Context({"amount": Decimal("1234567.5"), "day": date(2025, 6, 30)}))
    assert rendered == expected


def test_money_never_goes_through_float():
    with translation.override("en"):
        rendered = Template("{% load portal_tags %}{{ amount|money }}").render(
            Context({"amount": Decimal("0.10") + Decimal("0.20")})
        )
    assert rendered == "$0.30"
