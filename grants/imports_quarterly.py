"""Reading quarterly values from CSV: the grantee's per-quarter template and staff's bulk import file.

Pure parsing and checking, shared by the upload view and ``manage.py import_quarterly``; writing is
grants.services.quarterly's job. Two layouts:

- the **quarter template** a grantee downloads for one quarter: ``metric,label,help,value`` (only ``metric``
  and ``value`` are read; labels and help are there for the person filling it in);
- the **import file**: ``contract_number,quarter,metric,value`` with quarters like ``2022-Q3``.

Line numbers count the header as line 1, as a spreadsheet shows them.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal import csv_files

from .quarterly_rules import RuleError, clean_value
from .schedule import parse_quarter_label

TEMPLATE_COLUMNS = ["metric", "label", "help", "value"]
IMPORT_COLUMNS = ["contract_number", "quarter", "metric", "value"]
MAX_LINES = 100_000


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    message: str

    def __str__(self):
        return _("Line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class ImportRow:
    line: int
    contract_number: str
    year: int
    quarter: int
    code: str
    value: object


@dataclass
class Parsed:
    """What a file said: rows (or values by code) and every error found, in line order."""

    rows: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors


def decode(data):
    """Bytes from an upload → text; BOMs from spreadsheet programs are dropped."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read(text, required, parsed):
    """(line, row dict) pairs, or None with an error when the header lacks a required column."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        parsed.errors.append(LineError(1, "-", _("The file is empty.")))
        return None
    except csv.Error as exc:
        parsed.errors.append(LineError(1, "-", str(exc)))
        return None
    header = [name.strip().lower() for name in header]
    missing = [name for name in required if name not in header]
    if missing:
        parsed.errors.append(
            LineError(
                1,
                ", ".join(missing),
                _("the header must have the columns %(columns)s.") % {"columns": ", ".join(required)},
            )
        )
        return None
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if number > MAX_LINES:
                parsed.errors.append(LineError(number, "-", _("The file has too many lines.")))
                break
            if not any(cell.strip() for cell in cells):
                continue
            cells = [csv_files.read_cell(cell) for cell in cells] + [""] * (len(header) - len(cells))
            rows.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        parsed.errors.append(LineError(reader.line_num, "-", str(exc)))
    return rows


def _metric_value(line, cells, metrics_by_code, parsed):
    """(metric, value) of one row, or None after recording the error."""
    code = cells["metric"].strip()
    metric = metrics_by_code.get(code)
    if metric is None:
        parsed.errors.append(
            LineError(line, "metric", _("%(code)s is not a metric of this round.") % {"code": code or '""'})
        )
        return None
    try:
        return metric, clean_value(metric, cells["value"])
    except RuleError as error:
        parsed.errors.append(LineError(line, "value", str(error)))
        return None


def parse_quarter_template(data, metrics_by_code):
    """A filled-in quarter template → ``values`` {code: value or None} and line/column errors."""
    parsed = Parsed()
    rows = _read(decode(data), ["metric", "value"], parsed)
    if rows is None:
        return parsed
    seen = {}
    for line, cells in rows:
        code = cells["metric"].strip()
        if code in seen:
            parsed.errors.append(
                LineError(
                    line,
                    "metric",
                    _("%(code)s is already on line %(line)s.") % {"code": code, "line": seen[code]},
                )
            )
            continue
        seen[code] = line
        result = _metric_value(line, cells, metrics_by_code, parsed)
        if result is not None:
            metric, value = result
            parsed.values[metric.code] = value
    return parsed


def parse_import(data, metrics_by_code, known_periods):
    """A bulk import file → ``rows`` and line/column errors.

    ``known_periods`` is the set of (contract_number, year, quarter) the round's active awards report on.
    """
    parsed = Parsed()
    rows = _read(decode(data), IMPORT_COLUMNS, parsed)
    if rows is None:
        return parsed
    contracts = {contract for contract, _year, _quarter in known_periods}
    seen = {}
    for line, cells in rows:
        contract = cells["contract_number"].strip()
        if contract not in contracts:
            parsed.errors.append(
                LineError(
                    line,
                    "contract_number",
                    _("%(contract)s is not an active award of this round.") % {"contract": contract or '""'},
                )
            )
            continue
        try:
            year, quarter = parse_quarter_label(cells["quarter"])
        except ValueError:
            parsed.errors.append(
                LineError(
                    line,
                    "quarter",
                    _("%(quarter)s is not a quarter like 2022-Q3.") % {"quarter": cells["quarter"] or '""'},
                )
            )
            continue
        if (contract, year, quarter) not in known_periods:
            parsed.errors.append(
                LineError(
                    line,
                    "quarter",
                    _("%(quarter)s is not a reporting quarter of %(contract)s.")
                    % {"quarter": f"{year}-Q{quarter}", "contract": contract},
                )
            )
            continue
        key = (contract, year, quarter, cells["metric"].strip())
        if key in seen:
            parsed.errors.append(
                LineError(
                    line, "metric", _("the same value is already on line %(line)s.") % {"line": seen[key]}
                )
            )
            continue
        seen[key] = line
        result = _metric_value(line, cells, metrics_by_code, parsed)
        if result is None:
            continue
        metric, value = result
        parsed.rows.append(ImportRow(line, contract, year, quarter, metric.code, value))
    return parsed
