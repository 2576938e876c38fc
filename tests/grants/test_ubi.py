"""The Washington UBI on organization profiles and in the applications import: nine digits, optional, unique."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from grants.imports import IMPORT_COLUMNS, CsvImportError, parse_applications_csv
from grants.models import Organization
from grants.reference_data import WASHINGTON_COUNTIES
from grants.ubi import format_ubi, is_valid_ubi, normalize_ubi, validate_ubi
from tests.factories import MembershipFactory, OrganizationFactory

ROW = "R-1,Yakima Youth Alliance,nonprofit,Yakima,,yes,yes,yes,yes,yes,1000,"


@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_nine_digits_with_any_grouping_are_a_ubi(digits):
    for written in (
        digits,
        f"{digits[:3]} {digits[3:6]} {digits[6:]}",
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
    ):
        assert is_valid_ubi(written)
        assert normalize_ubi(written) == digits
    assert format_ubi(digits) == f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@pytest.mark.parametrize("text", ["60212345", "6021234567", "60212345X", "６０２１２３４５６", "abc def ghi"])
def test_anything_but_nine_ascii_digits_is_refused(text):
    assert not is_valid_ubi(text)
    with pytest.raises(ValidationError, match="nine digits"):
        validate_ubi(text)


def test_old_files_without_the_ubi_column_still_parse():
    (row,) = parse_applications_csv(",".join(IMPORT_COLUMNS) + "\n" + ROW + "\n", WASHINGTON_COUNTIES)
    assert row.organization_ubi == ""


def test_the_optional_ubi_column_is_read_and_checked():
    header = ",".join(IMPORT_COLUMNS) + ",organization_ubi"
    (row,) = parse_applications_csv(f"{header}\n{ROW},602 123 456\n", WASHINGTON_COUNTIES)
    assert row.organization_ubi == "602123456"
    with pytest.raises(CsvImportError, match="line 2, column organization_ubi"):
        parse_applications_csv(f"{header}\n{ROW},12345\n", WASHINGTON_COUNTIES)
    with pytest.raises(CsvImportError, match="header"):
        parse_applications_csv(
            ",".join(IMPORT_COLUMNS) + ",ubi\n" + ROW + ",602123456\n", WASHINGTON_COUNTIES
        )


@pytest.mark.django_db
def test_import_stores_the_ubi_and_refuses_one_that_belongs_to_another_organization(tmp_path):
    OrganizationFactory(legal_name="Other Org", ubi="603000000")
    path = tmp_path / "apps.csv"
    header = ",".join(IMPORT_COLUMNS) + ",organization_ubi"
    path.write_text(f"{header}\n{ROW},602-123-456\n", encoding="utf-8")
    call_command("import_applications", str(path), "--round", "clep-2021")
    assert Organization.objects.get(legal_name="Yakima Youth Alliance").ubi == "602123456"

    path.write_text(f"{header}\n{ROW.replace('R-1', 'R-2')},603000000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="603000000 is the UBI of Other Org"):
        call_command("import_applications", str(path), "--round", "clep-2021")


@pytest.mark.django_db
def test_profile_form_normalizes_the_ubi_and_explains_a_bad_one(client):
    membership = MembershipFactory(role="owner")
    client.force_login(membership.user)
    url = reverse("grants:organization_edit", args=[membership.organization.pk])
    data = {"legal_name": membership.organization.legal_name, "org_type": "nonprofit", "ubi": "602 123 45"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A UBI has nine digits" in response.content.decode()
    assert 'value="602 123 45"' in response.content.decode()

    client.post(url, {**data, "ubi": "602-123-456"})
    membership.organization.refresh_from_db()
    assert membership.organization.ubi == "602123456"

    other = MembershipFactory(role="owner", user=membership.user)
    response = client.post(
        reverse("grants:organization_edit", args=[other.organization.pk]),
        {"legal_name": other.organization.legal_name, "org_type": "nonprofit", "ubi": "602123456"},
    )
    assert response.status_code == 200
    assert "already has this UBI" in response.content.decode()
