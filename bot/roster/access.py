"""Who may see what on the dashboard: plain rules on the roster, shared by every page.

- A pendamping sees her own kelompok and their KPM, and may change what is hers
  (her notes about them). Another pendamping's kelompok or KPM is `Denied`.
- A koordinator sees every pendamping of her area and their kelompok and KPM, and
  changes nothing. Her area is a kota, a kecamatan, or a kecamatan in a kota (roster
  columns kecamatan, kota; compared without regard to case or extra spaces).
- Anyone else (a KPM, an unknown number) is no viewer at all.

The web layer turns `Denied` into HTTP 403 and `NotFound` into 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.roster.models import Kelompok, Koordinator, Kpm, Pendamping

ROLES = ("pendamping", "koordinator")


class Denied(PermissionError):
    """It exists, but it is not hers to see (or to change)."""


class NotFound(LookupError):
    """Nothing by that id."""


@dataclass(frozen=True)
class Viewer:
    role: str  # "pendamping" | "koordinator"
    id: int  # pendamping.id or koordinator.id
    name: str
    phone: str

    @property
    def key(self) -> str:
        """A stable id for a web session: role and roster id, never the phone number."""
        return f"{self.role}:{self.id}"

    @property
    def can_edit(self) -> bool:
        return self.role == "pendamping"


def _pendamping_viewer(person: Pendamping) -> Viewer:
    return Viewer("pendamping", person.id, person.name, person.phone)


def _koordinator_viewer(chief: Koordinator) -> Viewer:
    return Viewer("koordinator", chief.id, chief.name, chief.phone)


def viewer_for_phone(session: Session, phone: str) -> Viewer | None:
    """The dashboard user this number belongs to, None for a KPM or an unknown number."""
    person = session.scalar(select(Pendamping).where(Pendamping.phone == phone))
    if person is not None:
        return _pendamping_viewer(person)
    chief = session.scalar(select(Koordinator).where(Koordinator.phone == phone))
    return _koordinator_viewer(chief) if chief is not None else None


def viewer_for_key(session: Session, key: str) -> Viewer | None:
    """The viewer of a web session's key (Viewer.key); None if she is no longer in the roster."""
    role, _, number = key.partition(":")
    if not number.isdigit():
        return None
    if role == "pendamping":
        person = session.get(Pendamping, int(number))
        return _pendamping_viewer(person) if person is not None else None
    if role == "koordinator":
        chief = session.get(Koordinator, int(number))
        return _koordinator_viewer(chief) if chief is not None else None
    return None


def _norm(column):  # type: ignore[no-untyped-def]
    return func.lower(func.trim(column))


def _area_query(chief: Koordinator):  # type: ignore[no-untyped-def]
    query = select(Pendamping)
    if not (chief.kota or chief.kecamatan):
        return query.where(False)
    if chief.kota:
        query = query.where(_norm(Pendamping.kota) == " ".join(chief.kota.split()).lower())
    if chief.kecamatan:
        query = query.where(_norm(Pendamping.kecamatan) == " ".join(chief.kecamatan.split()).lower())
    return query


def pendamping_in_view(session: Session, viewer: Viewer) -> list[Pendamping]:
    """The pendamping whose work she sees: herself, or every pendamping of the koordinator's area."""
    if viewer.role == "pendamping":
        person = session.get(Pendamping, viewer.id)
        return [person] if person is not None else []
    chief = session.get(Koordinator, viewer.id)
    if chief is None:
        return []
    return sorted(session.scalars(_area_query(chief)), key=lambda p: p.name.lower())


def pendamping_for(session: Session, viewer: Viewer, pendamping_id: int) -> Pendamping:
    person = session.get(Pendamping, pendamping_id)
    if person is None:
        raise NotFound(f"pendamping {pendamping_id}")
    if person.id not in {p.id for p in pendamping_in_view(session, viewer)}:
        raise Denied(f"pendamping {pendamping_id}")
    return person


def kelompok_in_view(session: Session, viewer: Viewer) -> list[Kelompok]:
    """Every kelompok she may see, by pendamping then name."""
    return [k for p in pendamping_in_view(session, viewer) for k in sorted(p.kelompok, key=lambda k: k.name.lower())]


def kelompok_for(session: Session, viewer: Viewer, kelompok_id: int) -> Kelompok:
    kelompok = session.get(Kelompok, kelompok_id)
    if kelompok is None:
        raise NotFound(f"kelompok {kelompok_id}")
    if kelompok.pendamping_id is None or kelompok.pendamping_id not in {
        p.id for p in pendamping_in_view(session, viewer)
    }:
        raise Denied(f"kelompok {kelompok_id}")
    return kelompok


def kpm_for(session: Session, viewer: Viewer, kpm_id: int) -> Kpm:
    """Her KPM (or her area's, for a koordinator); another pendamping's KPM is Denied."""
    kpm = session.get(Kpm, kpm_id)
    if kpm is None:
        raise NotFound(f"kpm {kpm_id}")
    kelompok_for(session, viewer, kpm.kelompok_id)
    return kpm


def require_edit(viewer: Viewer) -> None:
    """Only a pendamping changes anything (her notes); a koordinator reads."""
    if not viewer.can_edit:
        raise Denied("read-only")


def kpm_to_edit(session: Session, viewer: Viewer, kpm_id: int) -> Kpm:
    """A KPM she may change things about: one of her own, and she is a pendamping."""
    kpm = kpm_for(session, viewer, kpm_id)
    require_edit(viewer)
    return kpm
