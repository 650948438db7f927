"""Downloads from dashboard pages: a table as CSV or XLSX, built in memory and sent as an attachment.

The kelompok table, the resource map and the graduation pipeline use it; a page's table is
small (one kelompok, one area's map), so building it inside the request is fine. The ledger's
long exports stream from the CLI instead (bot/ledger/export.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from flask import Response
from openpyxl import Workbook

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_name(text: str, fallback: str) -> str:
    """'Nusa Indah' -> 'nusa-indah': a file name's part from a name she gave."""
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or fallback


def file_name(prefix: str, name: str, today: date, suffix: str) -> str:
    """'kelompok-nusa-indah-2026-12-10.csv': only letters, digits and dashes from the name."""
    return f"{prefix}-{safe_name(name, prefix)}-{today.isoformat()}.{suffix}"


def _attachment(body: str | bytes, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def table_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text of a header and rows: dates as YYYY-MM-DD, None as empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, date) else ("" if v is None else v) for v in row])
    return out.getvalue()


def csv_response(text: str, name: str) -> Response:
    """CSV text as a download; a BOM first so that Excel reads the names' accents right (every CSV
    reader of this project, like the resource import, reads it as UTF-8 with or without it)."""
    return _attachment("\ufeff" + text, "text/csv", name)


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence[object]], sheet_name: str, name: str) -> Response:
    """One sheet: the header, then the rows (numbers and dates stay numbers and dates)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31] or "data")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return _attachment(out.getvalue(), XLSX_MIMETYPE, name)
