"""The tables a report shows: plain data with typed columns, shown in the PDF and exported as CSV."""

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from portal import csv_files

TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
MONEY = "money"
PERCENT = "percent"
RATE = "rate"  # a rate such as offenses per 1,000 residents: two decimals
SIGNED = "signed"  # a change: two decimals (one for points) with its sign

# A fixed timestamp inside the zip, so the same tables always give the same bytes.
ZIP_TIMESTAMP = (2021, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT

    @property
    def is_numeric(self):
        return self.kind != TEXT


@dataclass(frozen=True)
class Table:
    """A table with a stable key (its CSV file name), a caption, typed columns and rows of raw values.

    ``row_headers`` says the first column names the row (rendered as ``<th scope="row">``).
    ``footer`` is an optional totals row.
    """

    key: str
    caption: str
    columns: tuple
    rows: tuple
    footer: tuple | None = None
    row_headers: bool = True
    in_pdf: bool = True  # False: in the CSV download only
    charted: bool = False  # its values are drawn in a chart; the PDF says where the numbers are

    @property
    def display_rows(self):
        return [self._display(row) for row in self.rows]

    @property
    def display_footer(self):
        return self._display(self.footer) if self.footer else None

    def _display(self, row):
        return [
            (format_value(value, column.kind), column.is_numeric)
            for value, column in zip(row, self.columns, strict=True)
        ]

    def csv_text(self):
        out = io.StringIO()
        writer = csv_files.writer(out, lineterminator="\n")
        writer.writerow([column.label for column in self.columns])
        for row in self.rows:
            writer.writerow([csv_value(value) for value in row])
        if self.footer:
            writer.writerow([csv_value(value) for value in self.footer])
        return out.getvalue()


def format_value(value, kind):
    """How a value reads in the report: $1,234.50, 1,234, 45.2%, — for no data."""
    if value is None or value == "":
        return "—"
    if kind == MONEY:
        return f"${Decimal(value):,.2f}"
    if kind == INTEGER:
        return f"{Decimal(value):,.0f}"
    if kind == NUMBER:
        number = Decimal(value)
        return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
    if kind == PERCENT:
        return f"{Decimal(value):,.1f}%"
    if kind == RATE:
        return f"{Decimal(value):,.2f}"
    if kind == SIGNED:
        number = Decimal(value)
        places = max(1, -number.as_tuple().exponent) if isinstance(number.as_tuple().exponent, int) else 2
        return f"{number:+,.{places}f}"
    return str(value)


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Plain notation ("1200.00", never "1.2E+3"), kept a number so csv_files leaves "-5.00" as it is.
        return Decimal(f"{value:f}")
    if isinstance(value, int | float):
        return value
    return str(value)


def tables_zip(tables):
    """Every table as ``NN-key.csv`` in one zip, byte-for-byte the same for the same tables."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(tables, start=1):
            info = zipfile.ZipInfo(f"{number:02d}-{table.key}.csv", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, table.csv_text().encode("utf-8"))
    return buffer.getvalue()
