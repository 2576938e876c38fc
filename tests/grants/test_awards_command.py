"""`manage.py awards` prints a round's awards for other systems."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ApplicationFactory, AwardFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("awards", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_award_with_exact_amounts_and_iso_dates():
    AwardFactory(
        contract_number="CLEP-21-002",
        amount=Decimal("123456.78"),
        application=ApplicationFactory(reference="CLEP21-007", counties=["Benton", "Franklin"]),
    )
    AwardFactory(contract_number="CLEP-21-001")
    records = json.loads(run("--round", "clep-2021", "--format", "json"))
    assert [r["contract_number"] for r in records] == ["CLEP-21-001", "CLEP-21-002"]
    second = records[1]
    assert second["application"] == "CLEP21-007"
    assert second["amount"] == "123456.78"
    assert second["counties"] == ["Benton", "Franklin"]
    assert (second["period_start"], second["period_end"]) == ("2021-10-01", "2023-09-30")
    assert second["organization"]


def test_table_format_and_unknown_round():
    AwardFactory(contract_number="CLEP-21-001")
    text = run("--round", "clep-2021", "--format", "table")
    assert "contract_number" in text and "CLEP-21-001" in text and "1 award(s)" in text
    assert json.loads(run("--round", "clep-2023")) == []
    with pytest.raises(CommandError, match="clep-2021"):
        run("--round", "nope")
