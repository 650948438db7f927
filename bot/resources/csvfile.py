"""The resource map as CSV: import (all rows or none, every bad row named) and export.

Columns (Indonesian, like the roster's): nama,menawarkan,jenis,syarat,kontak,alamat,kelurahan,
kecamatan,kota,aktif. `jenis` lists kind tags separated by "|" (or "/" or ","): pelatihan, modal,
sertifikasi (PIRT, halal), pemasaran, koperasi, pembinaan, lainnya. `aktif` is ya/tidak (empty: ya).
Commas or Excel's semicolons both work; a line starting with "#" is a comment. Importing again
updates a resource with the same name and area (case ignored) instead of adding it twice. An
export can be imported back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot import spreadsheet
from bot.resources.area import LEVELS, normalize_place
from bot.resources.service import (
    Resource,
    ResourceError,
    add_resource,
    edit_resource,
    list_resources,
    validate,
)

# CSV column -> service field.
COLUMNS: dict[str, str] = {
    "nama": "name",
    "menawarkan": "offers",
    "jenis": "kinds",
    "syarat": "eligibility",
    "kontak": "contact",
    "alamat": "address",
    "kelurahan": "kelurahan",
    "kecamatan": "kecamatan",
    "kota": "kota",
    "aktif": "active",
}
REQUIRED_COLUMNS = ("nama", "menawarkan", "jenis")
YES = {"", "ya", "y", "1", "true", "aktif", "yes"}
NO = {"tidak", "t", "0", "false", "nonaktif", "tidak aktif", "no"}
# Example rows (data/resources.example.csv) are named like this; the CLI warns when it imports them.
EXAMPLE_MARK = "[CONTOH]"


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    examples: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(values: dict[str, Any] | Resource) -> tuple[str, ...]:
    """Same name and area = the same resource (re-import updates it)."""
    get = values.get if isinstance(values, dict) else lambda f, d="": getattr(values, f)
    name = " ".join(str(get("name", "")).casefold().split())
    return (name, *(normalize_place(level, str(get(level, ""))) for level in LEVELS))


def parse_resources(data: bytes) -> ImportResult:
    """Validate every row (what the service would refuse is refused here, by line); nothing is written."""
    result = ImportResult()
    text = spreadsheet.decode(data)
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        result.errors.append((1, "file kosong"))
        return result
    reader = spreadsheet.rows(text, lines[0])
    header: list[str] | None = None
    seen: dict[tuple[str, ...], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower() for h in cells]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            unknown = [h for h in header if h not in COLUMNS]
            if missing or unknown:
                what = (
                    f"kolom tidak ada: {', '.join(missing)}"
                    if missing
                    else f"kolom tidak dikenal: {', '.join(unknown)}"
                )
                result.errors.append((line, f"{what} (kolom: {','.join(COLUMNS)})"))
                return result
            continue
        if len(cells) != len(header):
            result.errors.append((line, f"jumlah kolom {len(cells)}, seharusnya {len(header)}"))
            continue
        values: dict[str, Any] = {COLUMNS[h]: cell.strip() for h, cell in zip(header, cells, strict=True)}
        problems: list[str] = []
        active = str(values.pop("active", "")).lower()
        if active in YES:
            values["active"] = True
        elif active in NO:
            values["active"] = False
        else:
            problems.append(f"aktif harus ya atau tidak, tertulis {active!r}")
        try:
            # The service's own checks, without writing: the same rules for a file and a form.
            validate(values)
        except ResourceError as exc:
            problems += [f"{_column(f)} {reason}" for f, reason in exc.problems]
        key = _key(values)
        if not problems and key in seen:
            problems.append(f"sama dengan baris {seen[key]} (nama dan daerah yang sama)")
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        seen[key] = line
        result.rows.append(values)
    if header is None:
        result.errors.append((1, "file kosong"))
    return result


def _column(service_field: str) -> str:
    return next((c for c, f in COLUMNS.items() if f == service_field), service_field)


def import_resources(session: Session, data: bytes, *, by: str) -> ImportResult:
    """All rows or none: on any error nothing is written (the caller rolls back what it began)."""
    result = parse_resources(data)
    if not result.ok:
        return result
    existing = {_key(r): r for r in list_resources(session, include_inactive=True)}
    for values in result.rows:
        if str(values["name"]).startswith(EXAMPLE_MARK):
            result.examples += 1
        old = existing.get(_key(values))
        if old is None:
            add_resource(session, values, by=by)
            result.created += 1
        elif edit_resource(session, old.id, values, by=by).changed:
            result.updated += 1
    return result


def export_rows(resources: Iterable[Resource]) -> Iterable[list[str]]:
    """The header, then one row per resource, in the import's columns."""
    yield list(COLUMNS)
    for r in resources:
        yield [
            r.name,
            r.offers,
            "|".join(r.kinds),
            r.eligibility,
            r.contact,
            r.address,
            r.kelurahan,
            r.kecamatan,
            r.kota,
            "ya" if r.active else "tidak",
        ]


def to_csv(resources: Iterable[Resource]) -> str:
    """CSV text the import reads back; pass `list_resources(session, include_inactive=True)` for everything."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(export_rows(resources))
    return out.getvalue()
