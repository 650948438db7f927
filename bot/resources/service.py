"""The resource map on plain values: list/filter, add, edit, deactivate.

Used by the chat answer (bot/resources/chat.py), the CSV import/export and the CLI, and meant for
the dashboard's CRUD page. Every function takes a SQLAlchemy session and plain values and returns
`Resource` values (frozen dataclasses, no ORM objects escape); the caller owns the transaction.

    list_resources(session, kind="pelatihan", kecamatan="Kiaracondong", text="halal") -> [Resource]
    get_resource(session, 7) -> Resource | None
    add_resource(session, {"name": ..., "offers": ..., "kinds": "pelatihan|PIRT"}, by="rina@dinsos") -> Resource
    edit_resource(session, 7, {"contact": "0812..."}, by="rina@dinsos") -> Edit(before, after, changed)
    deactivate_resource(session, 7, by="rina@dinsos") -> Edit
    near(session, Area(kecamatan="Kiaracondong", kota="Bandung"), {"modal"}) -> [Resource], nearest first
    validate({"name": ...}) -> the checked values, nothing written (a form's or a file's check)

Bad input raises `ResourceError` with every problem by field: `problems` as (field, Indonesian
reason) pairs, for a file's report, and `details` as `Problem`s whose text is a message id the
caller translates into the reader's language (the dashboard's form); a missing id `ResourceNotFound`.
Inactive resources are kept (the audit stays) but never answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.i18n import N_
from bot.resources.area import LEVELS, Area, closeness, normalize_place
from bot.resources.kinds import UnknownKind, normalize_kinds
from bot.resources.models import LocalResource

# Fields a caller may set, with their longest length; `kinds` and `active` are checked apart.
TEXT_FIELDS: dict[str, int] = {
    "name": 200,
    "offers": 1000,
    "eligibility": 1000,
    "contact": 200,
    "address": 300,
    "kelurahan": 100,
    "kecamatan": 100,
    "kota": 100,
}
REQUIRED = ("name", "offers")
EDITABLE = (*TEXT_FIELDS, "kinds", "active")


@dataclass(frozen=True)
class Resource:
    """One resource as every caller sees it."""

    id: int
    name: str
    offers: str
    kinds: tuple[str, ...]
    eligibility: str
    contact: str
    address: str
    kelurahan: str
    kecamatan: str
    kota: str
    active: bool
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime

    @property
    def place(self) -> Area:
        return Area(self.kelurahan, self.kecamatan, self.kota)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kinds"] = list(self.kinds)
        data["created_at"] = self.created_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat()
        return data


@dataclass(frozen=True)
class Edit:
    """What an edit did, for an audit record: the resource before and after, and the fields that changed."""

    before: Resource
    after: Resource
    changed: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """One problem with one field: `text` is an Indonesian message id with {placeholders} filled from
    `values`, translated by whoever shows it (gettext(text, lang).format(**values))."""

    field: str
    text: str
    values: Mapping[str, Any] = dataclass_field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.text.format(**self.values)


# The problems' texts (extracted for translation; the CSV import reports them in Indonesian).
REQUIRED_TEXT = N_("wajib diisi")
TOO_LONG_TEXT = N_("terlalu panjang ({length} huruf, paling banyak {limit})")
UNKNOWN_KIND_TEXT = N_("jenis tidak dikenal: '{kind}'")
NO_KIND_TEXT = N_("isi paling sedikit satu jenis (pelatihan, modal, sertifikasi, ...)")


class ResourceError(ValueError):
    """Input that cannot be saved, every problem at once: `details` (Problem) and `problems` ((field, reason))."""

    def __init__(self, details: list[Problem]) -> None:
        self.details = details
        self.problems = [(p.field, p.reason) for p in details]
        super().__init__("; ".join(f"{f}: {reason}" for f, reason in self.problems))


class ResourceNotFound(LookupError):
    pass


def _view(row: LocalResource) -> Resource:
    return Resource(
        id=row.id,
        name=row.name,
        offers=row.offers,
        kinds=tuple(k for k in row.kinds.split("|") if k),
        eligibility=row.eligibility,
        contact=row.contact,
        address=row.address,
        kelurahan=row.kelurahan,
        kecamatan=row.kecamatan,
        kota=row.kota,
        active=row.active,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def validate(values: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The checked, normalised column values (nothing written): ResourceError naming every problem.
    `partial`: an edit, only the fields given; else a new resource, the required fields too."""
    # Unknown fields and a non-boolean `active` are a programmer's mistakes, not a reader's: not translated.
    problems = [Problem(f, "tidak dikenal") for f in values if f not in EDITABLE]
    clean: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        if name not in values:
            if not partial and name in REQUIRED:
                problems.append(Problem(name, REQUIRED_TEXT))
            continue
        text = " ".join(str(values[name] or "").split()) if name != "offers" else str(values[name] or "").strip()
        if name in REQUIRED and not text:
            problems.append(Problem(name, REQUIRED_TEXT))
        elif len(text) > limit:
            problems.append(Problem(name, TOO_LONG_TEXT, {"length": len(text), "limit": limit}))
        clean[name] = text
    if "kinds" in values or not partial:
        try:
            kinds = normalize_kinds(values.get("kinds") or ())
        except UnknownKind as exc:
            problems.append(Problem("kinds", UNKNOWN_KIND_TEXT, {"kind": exc.args[0]}))
        else:
            if kinds:
                clean["kinds"] = "|".join(kinds)
            else:
                problems.append(Problem("kinds", NO_KIND_TEXT))
    if "active" in values:
        if not isinstance(values["active"], bool):
            problems.append(Problem("active", "harus True atau False"))
        else:
            clean["active"] = values["active"]
    if problems:
        raise ResourceError(problems)
    return clean


def _row(session: Session, resource_id: int) -> LocalResource:
    row = session.get(LocalResource, resource_id)
    if row is None:
        raise ResourceNotFound(resource_id)
    return row


def get_resource(session: Session, resource_id: int) -> Resource | None:
    row = session.get(LocalResource, resource_id)
    return _view(row) if row is not None else None


def add_resource(session: Session, values: Mapping[str, Any], *, by: str) -> Resource:
    """A new resource (active unless `active=False` is given); `by` is who added it, for the audit."""
    clean = validate(values)
    now = utcnow()
    row = LocalResource(**clean, created_by=by, created_at=now, updated_by=by, updated_at=now)
    session.add(row)
    session.flush()
    return _view(row)


def edit_resource(session: Session, resource_id: int, changes: Mapping[str, Any], *, by: str) -> Edit:
    """Change some fields; the Edit carries before and after. Nothing changed: no update, `changed` empty."""
    row = _row(session, resource_id)
    before = _view(row)
    clean = validate(changes, partial=True)
    changed = tuple(field for field, value in clean.items() if getattr(row, field) != value)
    if changed:
        for field in changed:
            setattr(row, field, clean[field])
        row.updated_by, row.updated_at = by, utcnow()
        session.flush()
    return Edit(before, _view(row), changed)


def deactivate_resource(session: Session, resource_id: int, *, by: str) -> Edit:
    """Hide a resource from every answer; it stays in the table (edit `active=True` brings it back)."""
    return edit_resource(session, resource_id, {"active": False}, by=by)


def _matches_text(resource: Resource, needle: str) -> bool:
    fields = (
        resource.name,
        resource.offers,
        resource.eligibility,
        resource.contact,
        resource.address,
        resource.kelurahan,
        resource.kecamatan,
        resource.kota,
        " ".join(resource.kinds),
    )
    return any(needle in f.casefold() for f in fields)


def list_resources(
    session: Session,
    *,
    kind: str | Iterable[str] | None = None,
    kelurahan: str | None = None,
    kecamatan: str | None = None,
    kota: str | None = None,
    text: str | None = None,
    include_inactive: bool = False,
) -> list[Resource]:
    """Resources by name, each filter optional: any of the kinds (tags or aliases), the exact area
    names given (case and "Kec."/"Kota" prefixes ignored), text anywhere in its fields. Only active
    ones unless `include_inactive`. The map is small (a city's offices), so filtering is in Python.
    """
    query = select(LocalResource).order_by(LocalResource.name, LocalResource.id)
    if not include_inactive:
        query = query.where(LocalResource.active.is_(True))
    wanted = set(normalize_kinds([kind] if isinstance(kind, str) else kind)) if kind else set()
    places = {level: normalize_place(level, v) for level, v in zip(LEVELS, (kelurahan, kecamatan, kota), strict=True)}
    needle = " ".join((text or "").split()).casefold()
    found = []
    for resource in map(_view, session.scalars(query)):
        if wanted and not wanted & set(resource.kinds):
            continue
        if any(v and normalize_place(level, getattr(resource, level)) != v for level, v in places.items()):
            continue
        if needle and not _matches_text(resource, needle):
            continue
        found.append(resource)
    return found


def near(session: Session, area: Area, kinds: Iterable[str] = ()) -> list[Resource]:
    """Active resources for someone in `area` (of any of `kinds`, if given), nearest first: same
    kelurahan, then kecamatan, then city, then those for the whole deployment; then by name.
    An unknown area matches every active resource (bot/resources/area.py)."""
    wanted = set(kinds)
    scored = []
    for resource in list_resources(session):
        if wanted and not wanted & set(resource.kinds):
            continue
        score = closeness(area, resource.place)
        if score is not None:
            scored.append((-score, resource.name.casefold(), resource.id, resource))
    return [item[-1] for item in sorted(scored)]
