"""Tables downloaded from the dashboard as CSV or XLSX: one helper for every page's table.

The kelompok's table and the graduation pipeline's tables go through here, so a download
always has the same shape: a header row of plain column names, dates as ISO days in CSV (as
dates in XLSX), None as an empty cell, money as whole rupiah, a BOM so Excel reads accents,
an attachment name, and no caching.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from flask import Response
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(prefix: str, name: str, today: date, suffix: str) -> str:
    """'kelompok-nusa-indah-2026-12-10.csv': only letters, digits and dashes from the name."""
    safe = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or prefix
    return f"{prefix}-{safe}-{today.isoformat()}.{suffix}"


def _headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, date) else ("" if v is None else v) for v in row])
    # A BOM so that Excel reads the names' accents right.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers=_headers(name))


def xlsx_response(name: str, sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31] or "data")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), mimetype=XLSX_TYPE, headers=_headers(name))
