"""The one way the portal writes CSV: every export, data bundle and template goes through here.

Cells that a spreadsheet would run as a formula (OWASP "CSV injection": a leading =, +, -, @, tab or carriage
return) are prefixed with a single quote so they are shown as text. Numbers the portal itself writes
(Decimal, int) are left as they are, so "-12.50" stays a number.
"""

import csv
import io
from decimal import Decimal
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_text(text):
    """``safe_cell`` for a value known to be text or None (a whole column of names): no type checks."""
    if text is None:
        return ""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def read_cell(text):
    """A cell read back from a file the portal wrote: the quote ``safe_cell`` added is taken off again.

    "'=A1" → "=A1" (the value a person typed); "'quoted" (no formula prefix after the quote) is left alone.
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


class SafeWriter:
    """A csv.writer whose cells are neutralised by ``safe_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs):
    return SafeWriter(file, **kwargs)


def csv_response(filename):
    """An HttpResponse to write rows into with ``writer(response)``, downloaded as ``filename``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Rows written per chunk of a streamed response: one string per CHUNK_ROWS rows, not one per row.
CHUNK_ROWS = 500
# What makes the csv module (excel dialect, minimal quoting) quote a field.
_QUOTED = (",", '"', "\r", "\n")
_LINE_END = "\r\n"


class Rendered(str):
    """Cells already written as CSV text by ``render_cells``: the last item of a row on the fast path."""


def render_cells(cells):
    """Neutralised cells as the text the portal's CSV writer puts in a line (no line end), for the part of a
    row that many rows share, written once. Plain text without a delimiter, quote or line break is written as
    it is (the csv module would not quote it); anything else goes through the csv module."""
    if set(map(type, cells)) == {str}:
        text = ",".join(cells)
        if text.count(",") == len(cells) - 1 and not any(mark in text for mark in _QUOTED[1:]):
            return Rendered(text)
    return Rendered(csv.writer(_Echo()).writerow(cells)[: -len(_LINE_END)])


class _Echo:
    def write(self, value):
        return value


def _chunks(rows, neutralised):
    buffer = io.StringIO()
    out = csv.writer(buffer)
    line = csv.writer(_Echo()).writerow
    rows = iter(rows)
    while batch := list(islice(rows, CHUNK_ROWS)):
        if not neutralised:
            out.writerows([safe_cell(cell) for cell in row] for row in batch)
        else:
            # A row ending in a rendered part (and with two or more cells, so that the csv module writes the
            # rest exactly as it would write the whole row): the part is appended as it is.
            buffer.write(
                "".join(
                    [
                        line(row[:-1])[: -len(_LINE_END)] + "," + row[-1] + _LINE_END
                        if type(row[-1]) is Rendered and len(row) > 2
                        else line(row)
                        for row in batch
                    ]
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def streaming_csv_response(filename, rows, *, neutralised=False):
    """Stream ``rows`` (an iterable of sequences, header first) without holding the file in memory.

    ``neutralised=True`` is the fast path for rows whose every cell the caller has already passed through
    ``safe_cell``/``safe_text`` or knows to be safe (the portal's own codes, numbers, fixed words): they are
    written as they are, and a row's last item may be a ``Rendered`` part (``render_cells``) shared by many
    rows. Any user-controlled text must still be neutralised by the caller.
    """
    response = StreamingHttpResponse(_chunks(rows, neutralised), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
