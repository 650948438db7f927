"""Her area (kelurahan, kecamatan, kota) and which resources are near it.

The roster does not always know an area: today `pendamping` and `kelompok` have no such columns
(migration 0010 adds optional `kecamatan`/`kota` to pendamping). So the area is read by attribute
name from whatever the roster has, the kelompok first (the more local), then its pendamping: a
column added later is used without changing this module, and with none of them the area is empty
and every active resource of the deployment is near.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.roster.models import Kpm, Pendamping

LEVELS = ("kelurahan", "kecamatan", "kota")  # most local first

_PREFIX = {
    "kelurahan": re.compile(r"^(?:kelurahan|kel\.?|desa|ds\.?)\s+"),
    "kecamatan": re.compile(r"^(?:kecamatan|kec\.?)\s+"),
    # "Kota Bandung" and "Bandung" are one city; "Kabupaten Bandung" is another place and keeps its word.
    "kota": re.compile(r"^(?:kota|kotamadya)\s+"),
}


def normalize_place(level: str, name: str | None) -> str:
    """'Kec.  Kiaracondong' -> 'kiaracondong'; 'Kota Bandung' -> 'bandung'; 'Kab. Bandung' -> 'kabupaten bandung'."""
    low = " ".join((name or "").lower().split())
    low = re.sub(r"^kab\.?\s+", "kabupaten ", low)
    return _PREFIX[level].sub("", low)


@dataclass(frozen=True)
class Area:
    """Where she is, as far as the roster knows; "" where it does not."""

    kelurahan: str = ""
    kecamatan: str = ""
    kota: str = ""

    @property
    def known(self) -> bool:
        return any(getattr(self, level) for level in LEVELS)

    def label(self) -> str:
        """'Kiaracondong, Bandung': the most local level she is known by, and the city."""
        parts = [self.kelurahan or self.kecamatan, self.kota]
        return ", ".join(p for p in parts if p)


def closeness(area: Area, place: Area) -> int | None:
    """How near a resource's `place` is to her `area`: None if a level both know differs (another
    kecamatan or city), else the number of levels both know and share (3 = same kelurahan). A level
    either side leaves empty never excludes: a city office serves every kecamatan of its city, and
    with no area known every resource is near (closeness 0)."""
    shared = 0
    for level in LEVELS:
        mine, theirs = normalize_place(level, getattr(area, level)), normalize_place(level, getattr(place, level))
        if mine and theirs:
            if mine != theirs:
                return None
            shared += 1
    return shared


def _area_from(*holders: object) -> Area:
    """Each level from the first holder that has it (a roster column that may not exist yet)."""
    values: dict[str, str] = {}
    for level in LEVELS:
        for holder in holders:
            value = getattr(holder, level, None) if holder is not None else None
            if isinstance(value, str) and value.strip():
                values[level] = " ".join(value.split())
                break
    return Area(**values)


def area_of(session: Session, phone: str) -> Area:
    """A KPM's area from her kelompok, then its pendamping; a pendamping's from herself, then her
    kelompok when they all share one; an unknown number has no area."""
    kpm = session.scalar(select(Kpm).where(Kpm.phone == phone))
    if kpm is not None:
        return _area_from(kpm.kelompok, kpm.kelompok.pendamping)
    pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == phone))
    if pendamping is None:
        return Area()
    own = _area_from(pendamping)
    if own.known:
        return own
    areas = {_area_from(k) for k in pendamping.kelompok}
    return areas.pop() if len(areas) == 1 else Area()
