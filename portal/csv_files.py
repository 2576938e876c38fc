"""The one way the portal writes CSV: every export, data bundle and template goes through here.

Cells that a spreadsheet would run as a formula (OWASP "CSV injection": a leading =, +, -, @, tab or carriage
return) are prefixed with a single quote so they are shown as text. Numbers the portal itself writes
(Decimal, int) are left as they are, so "-12.50" stays a number.
"""

import csv
from decimal import Decimal

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


class _Echo:
    def write(self, value):
        return value


def streaming_csv_response(filename, rows):
    """Stream ``rows`` (an iterable of sequences, header first) without holding the file in memory."""
    echo = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (echo.writerow([safe_cell(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
