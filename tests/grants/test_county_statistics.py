"""County statistics: the CSV parsed purely (hypothesis), imported all or nothing, idempotent, history kept;
the 2019 census population seeded by the migration."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from grants.imports import CsvImportError
from grants.imports_statistics import STATISTICS_COLUMNS, parse_count, parse_county_statistics_csv
from grants.models import CountyStatistic
from grants.reference_data import POPULATION_SOURCE, WASHINGTON_COUNTIES, county_population_2019
from grants.services.county_statistics import import_county_statistics_csv

HEADER = ",".join(STATISTICS_COLUMNS)
GOOD = [
    'Yakima,2021,"9,876",256728,WASPC Crime in Washington 2021',
    "53063,2021,20100,539339,WASPC Crime in Washington 2021",
    "garfield,2021,,2286,OFM April 1 estimate (population only)",
]


def csv_text(*lines):
    return "\n".join([HEADER, *lines]) + "\n"


def test_a_good_file_parses_names_fips_and_empty_offenses():
    rows = parse_county_statistics_csv(csv_text(*GOOD), WASHINGTON_COUNTIES)
    assert [(r.county_fips, r.year, r.offenses, r.population) for r in rows] == [
        ("53077", 2021, 9876, 256728),
        ("53063", 2021, 20100, 539339),
        ("53023", 2021, None, 2286),
    ]
    assert rows[0].source == "WASPC Crime in Washington 2021"
    assert rows[2].line == 4


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("Atlantis,2021,10,1000,src", "county", "Atlantis"),
        ("53999,2021,10,1000,src", "county", "53999"),
        ("Yakima,2021,-5,1000,src", "offenses", "negative"),
        ("Yakima,2021,5,-1000,src", "population", "negative"),
        ("Yakima,2021,5,,src", "population", "missing"),
        ("Yakima,2021,5,0,src", "population", "zero"),
        ("Yakima,2021,5.5,1000,src", "offenses", "whole number"),
        ("Yakima,20x1,5,1000,src", "year", "20x1"),
        ("Yakima,2021,5,1000,", "source", "missing"),
    ],
)
def test_a_bad_value_is_refused_naming_line_and_column(line, column, fragment):
    with pytest.raises(CsvImportError) as error:
        parse_county_statistics_csv(csv_text(GOOD[0], line), WASHINGTON_COUNTIES)
    assert error.value.line == 3
    assert error.value.column == column
    assert fragment in str(error.value)
    assert str(error.value).startswith(f"line 3, column {column}")


def test_a_duplicate_county_year_is_refused_even_by_name_and_fips():
    with pytest.raises(CsvImportError) as error:
        parse_county_statistics_csv(csv_text(GOOD[0], "53077,2021,1,2,other"), WASHINGTON_COUNTIES)
    assert (error.value.line, error.value.column) == (3, "year")
    assert "already given on line 2" in str(error.value)


def test_a_wrong_header_an_empty_file_and_a_short_row_are_refused():
    with pytest.raises(CsvImportError, match="header must be county,year,offenses,population,source"):
        parse_county_statistics_csv("county,year,population\nYakima,2021,1\n", WASHINGTON_COUNTIES)
    with pytest.raises(CsvImportError, match="empty"):
        parse_county_statistics_csv("", WASHINGTON_COUNTIES)
    with pytest.raises(CsvImportError, match="no rows"):
        parse_county_statistics_csv(HEADER + "\n", WASHINGTON_COUNTIES)
    with pytest.raises(CsvImportError, match="expected 5 columns"):
        parse_county_statistics_csv(csv_text("Yakima,2021,1"), WASHINGTON_COUNTIES)


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip_with_and_without_thousands_separators(number):
    assert parse_count(f"{number:,}") == number
    assert parse_count(f" {number} ") == number


@given(st.text(alphabet="0123456789,.-x ", min_size=1, max_size=12))
def test_a_count_is_a_whole_number_or_refused(text):
    try:
        value = parse_count(text)
    except ValueError:
        return
    assert value is None or (isinstance(value, int) and value >= 0)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(WASHINGTON_COUNTIES),
            st.integers(min_value=1990, max_value=2030),
            st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
            st.integers(min_value=1, max_value=10**7),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda t: (t[0], t[1]),
    )
)
def test_any_well_formed_file_parses_back_to_its_rows(entries):
    lines = [
        f"{fips if by_fips else name.upper()},{year},{'' if offenses is None else offenses},{population},Src"
        for (fips, name), year, offenses, population, by_fips in entries
    ]
    rows = parse_county_statistics_csv(csv_text(*lines), WASHINGTON_COUNTIES)
    assert [(r.county_fips, r.year, r.offenses, r.population) for r in rows] == [
        (fips, year, offenses, population) for (fips, _name), year, offenses, population, _ in entries
    ]


@given(st.sampled_from(WASHINGTON_COUNTIES), st.integers(min_value=1, max_value=10**6))
def test_any_negative_offense_count_is_refused_at_its_line(county, number):
    with pytest.raises(CsvImportError) as error:
        parse_county_statistics_csv(
            csv_text(GOOD[0], f"{county[1]},2020,-{number},5000,Src"), WASHINGTON_COUNTIES
        )
    assert (error.value.line, error.value.column) == (3, "offenses")


@pytest.mark.django_db
def test_the_migration_seeded_the_2019_population_of_all_39_counties():
    rows = CountyStatistic.objects.filter(year=2019)
    assert rows.count() == 39
    king = rows.get(county__name="King")
    assert king.population == county_population_2019()["King"] == 2252782
    assert king.offenses is None
    assert "Vintage 2019" in king.source and "WACOVIDinator" in king.source
    assert king.source == POPULATION_SOURCE


@pytest.mark.django_db
def test_a_file_with_one_bad_line_writes_nothing():
    before = CountyStatistic.objects.count()
    with pytest.raises(CsvImportError):
        import_county_statistics_csv(csv_text(*GOOD, "Atlantis,2021,1,2,src"))
    assert CountyStatistic.objects.count() == before


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing_and_a_later_file_updates_with_history():
    first = import_county_statistics_csv(csv_text(*GOOD))
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    yakima = CountyStatistic.objects.get(county__name="Yakima", year=2021)
    history_before = yakima.history.count()
    again = import_county_statistics_csv(csv_text(*GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert yakima.history.count() == history_before
    later = import_county_statistics_csv(
        csv_text("Yakima,2021,9900,256728,WASPC Crime in Washington 2021 (revised)")
    )
    assert (later.created, later.updated, later.unchanged) == (0, 1, 0)
    yakima.refresh_from_db()
    assert yakima.offenses == 9900
    versions = list(yakima.history.order_by("history_date"))
    assert [v.offenses for v in versions] == [9876, 9900]
    assert versions[-1].history_change_reason == "Updated by a later import"


@pytest.mark.django_db
def test_the_seeded_2019_row_is_updated_by_an_import_and_kept_in_history():
    import_county_statistics_csv(csv_text("King,2019,70000,2252782,WASPC Crime in Washington 2019"))
    king = CountyStatistic.objects.get(county__name="King", year=2019)
    assert king.offenses == 70000
    versions = list(king.history.order_by("history_date"))
    assert [(v.offenses, v.source) for v in versions] == [
        (None, POPULATION_SOURCE),
        (70000, "WASPC Crime in Washington 2019"),
    ]


@pytest.mark.django_db
def test_the_command_imports_and_reports_a_bad_file_with_line_and_column(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(csv_text(*GOOD), encoding="utf-8")
    call_command("import_county_statistics", str(good))
    assert "3 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(GOOD[0], "Yakima,2022,5,,src"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3, column population: is missing.*Nothing was imported"):
        call_command("import_county_statistics", str(bad))
    assert not CountyStatistic.objects.filter(year=2022).exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_county_statistics", str(tmp_path / "absent.csv"))
