"""CSV and XLSX exports of the ledger for one KPM or a whole kelompok over a date range.

Rows are streamed (CSV line by line, XLSX in openpyxl's write-only mode), so a
kelompok's year fits in little memory; exports run from the CLI or the worker,
never inside a web request.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ledger.models import LedgerEntry
from bot.roster.models import Kelompok, Kpm

HEADER = ("id", "tanggal", "nama", "no_hp", "kelompok", "jenis", "jumlah", "catatan")
KIND_ID = {"sale": "penjualan", "expense": "belanja"}


def kpm_ids(session: Session, *, phone: str | None = None, kelompok: str | None = None) -> list[int]:
    query = select(Kpm.id)
    if phone:
        query = query.where(Kpm.phone == phone)
    if kelompok:
        query = query.join(Kelompok).where(Kelompok.name == kelompok)
    return list(session.scalars(query))


def rows(session: Session, ids: list[int], start: date, end: date) -> Iterator[tuple[object, ...]]:
    query = (
        select(LedgerEntry, Kpm.name, Kpm.phone, Kelompok.name)
        .join(Kpm, LedgerEntry.kpm_id == Kpm.id)
        .join(Kelompok, Kpm.kelompok_id == Kelompok.id)
        .where(LedgerEntry.kpm_id.in_(ids), LedgerEntry.deleted_at.is_(None))
        .where(LedgerEntry.entry_date >= start, LedgerEntry.entry_date <= end)
        .order_by(Kelompok.name, Kpm.name, LedgerEntry.entry_date, LedgerEntry.id)
        .execution_options(yield_per=1000)
    )
    for entry, name, phone, group in session.execute(query):
        yield (entry.id, entry.entry_date, name, phone, group, KIND_ID[entry.kind], entry.amount, entry.note)


def write(
    path: Path, data: Iterator[tuple[object, ...]], header: tuple[str, ...] = HEADER, sheet_name: str = "transaksi"
) -> int:
    """Write CSV or XLSX by the file's suffix; returns the number of rows written."""
    count = 0
    if path.suffix.lower() == ".xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(sheet_name)
        sheet.append(header)
        for row in data:
            sheet.append(list(row))
            count += 1
        book.save(path)
        return count
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in data:
            writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row])
            count += 1
    return count
