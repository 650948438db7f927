"""Roster CSV import: all rows or none, every bad row named with its line and reason.

Columns (contract): nama,no_hp,peran,kelompok,tanggal_lahir,usaha, and optionally
kecamatan,kota. `peran` is kpm, pendamping or koordinator. A pendamping row names the
kelompok she facilitates in `kelompok`, several separated by "|", and where she works
in kecamatan/kota. A koordinator row has no kelompok: her kecamatan and/or kota is the
area whose pendamping she oversees (read-only, bot/roster/access.py).
Re-importing updates people by phone number; a file without the optional columns
leaves the areas already stored as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import spreadsheet
from bot.roster.models import Kelompok, Koordinator, Kpm, Pendamping
from bot.roster.phone import InvalidPhone, normalize_phone

_P = TypeVar("_P", Pendamping, Koordinator, Kpm)

COLUMNS = ("nama", "no_hp", "peran", "kelompok", "tanggal_lahir", "usaha")
# Optional: where a pendamping works, or the area a koordinator oversees.
AREA_COLUMNS = ("kecamatan", "kota")
ROLES = ("kpm", "pendamping", "koordinator")


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    phone: str
    role: str
    kelompok: tuple[str, ...]
    birth_date: date | None
    business: str | None
    kecamatan: str | None = None
    kota: str | None = None
    # False when the file has no kecamatan/kota columns: what is stored stays.
    has_area: bool = False


@dataclass
class ImportResult:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_date(text: str, today: date) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"tanggal_lahir harus YYYY-MM-DD, tertulis {text!r}") from None
    age = (today - value).days // 365
    if not 10 <= age <= 110:
        raise ValueError(f"tanggal_lahir {text} tidak masuk akal (umur {age})")
    return value


def parse_roster(data: bytes, today: date | None = None) -> ImportResult:
    """Validate every row; nothing is written here."""
    today = today or date.today()
    result = ImportResult()
    text = spreadsheet.decode(data)
    if not text.strip():
        result.errors.append((1, "file kosong"))
        return result
    reader = spreadsheet.rows(text, text.splitlines()[0])
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.errors.append((1, f"kolom tidak ada: {', '.join(missing)} (harus: {','.join(COLUMNS)})"))
        return result
    index = {name: header.index(name) for name in COLUMNS + AREA_COLUMNS if name in header}
    has_area = any(name in header for name in AREA_COLUMNS)
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            result.errors.append((line, f"jumlah kolom {len(cells)}, seharusnya {len(header)}"))
            continue
        get = {name: cells[i].strip() for name, i in index.items()}
        area = {name: " ".join(get.get(name, "").split()) or None for name in AREA_COLUMNS}
        problems: list[str] = []
        if not get["nama"]:
            problems.append("nama kosong")
        phone = ""
        try:
            phone = normalize_phone(get["no_hp"])
        except InvalidPhone as exc:
            problems.append(str(exc))
        role = get["peran"].lower()
        if role not in ROLES:
            problems.append(f"peran harus kpm, pendamping atau koordinator, tertulis {get['peran']!r}")
        groups = tuple(g.strip() for g in get["kelompok"].split("|") if g.strip())
        if role == "kpm" and len(groups) != 1:
            problems.append("KPM harus punya tepat satu kelompok")
        if role == "koordinator":
            if groups:
                problems.append("koordinator tidak punya kelompok (wilayahnya diisi di kecamatan/kota)")
            if not (area["kecamatan"] or area["kota"]):
                problems.append("koordinator harus punya kecamatan dan/atau kota")
        birth: date | None = None
        if get["tanggal_lahir"]:
            try:
                birth = _parse_date(get["tanggal_lahir"], today)
            except ValueError as exc:
                problems.append(str(exc))
        if phone and phone in seen:
            problems.append(f"nomor HP sama dengan baris {seen[phone]}")
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        seen[phone] = line
        result.rows.append(
            RosterRow(
                line,
                get["nama"],
                phone,
                role,
                groups,
                birth,
                get["usaha"] or None,
                area["kecamatan"],
                area["kota"],
                has_area,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append((2, "tidak ada baris data"))
    return result


def _kelompok(session: Session, name: str) -> Kelompok:
    found = session.scalar(select(Kelompok).where(Kelompok.name == name))
    if found is None:
        found = Kelompok(name=name)
        session.add(found)
    return found


def import_roster(session: Session, data: bytes, today: date | None = None) -> ImportResult:
    """Parse, then write every row in the caller's transaction, or none."""
    result = parse_roster(data, today)
    if not result.ok:
        return result
    by_phone_kpm = {k.phone: k for k in session.scalars(select(Kpm))}
    by_phone_pdp = {p.phone: p for p in session.scalars(select(Pendamping))}
    by_phone_krd = {k.phone: k for k in session.scalars(select(Koordinator))}
    registered = {"kpm": by_phone_kpm, "pendamping": by_phone_pdp, "koordinator": by_phone_krd}
    for row in result.rows:
        for role, people in registered.items():
            if role != row.role and row.phone in people:
                result.errors.append((row.line, f"nomor HP sudah terdaftar sebagai {role}"))
    if not result.ok:
        return result
    # Pendamping first, so the kelompok they name get their owner.
    for row in sorted(result.rows, key=lambda r: r.role != "pendamping"):
        if row.role == "pendamping":
            person = _person(session, by_phone_pdp, Pendamping, row, result)
            if row.has_area:
                person.kecamatan, person.kota = row.kecamatan, row.kota
            for name in row.kelompok:
                _kelompok(session, name).pendamping = person
        elif row.role == "koordinator":
            chief = _person(session, by_phone_krd, Koordinator, row, result)
            chief.kecamatan, chief.kota = row.kecamatan, row.kota
        else:
            group = _kelompok(session, row.kelompok[0])  # before she is added: its lookup may flush
            kpm = _person(session, by_phone_kpm, Kpm, row, result)
            kpm.kelompok = group
            kpm.birth_date, kpm.business = row.birth_date, row.business
        session.flush()
    return result


def _person(session: Session, known: dict[str, _P], model: type[_P], row: RosterRow, result: ImportResult) -> _P:
    """The roster's row of this phone, created or renamed (re-importing updates people by phone number)."""
    person = known.get(row.phone)
    if person is None:
        person = model(name=row.name, phone=row.phone)
        session.add(person)
        known[row.phone] = person
        result.created += 1
    else:
        person.name = row.name
        result.updated += 1
    return person
