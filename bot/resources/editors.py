"""Who may change which resource (the dashboard's rule; the CSV import and the CLI are staff tools
and change anything).

The map is shared: a pendamping keeps it for her area together with her colleagues, and the audit
trail says who changed what. So:

- Any pendamping may add a resource, in her area: its kecamatan and kota may not name another place
  than hers (an empty level is fine: an entry with only her kota serves her whole city).
- She may change (edit, deactivate, reactivate) every resource of her kecamatan, whoever added it
  (a colleague, the dinas's CSV), and every resource she added herself. Another kecamatan's or
  city's resources, and city-wide or deployment-wide entries someone else added, are read-only for
  her: they concern pendamping she does not work with, and their keepers (the dinas, by CSV) or
  the pendamping there keep them.
- A change may not move a resource out of her area, so what she saves she can still change.
- A pendamping whose area the roster does not know changes only what she added herself.
- A koordinator changes nothing (bot/roster/access.py, `Viewer.can_edit`).

`who` is the editor's stable key (bot/roster/access.py `Viewer.key`, "pendamping:7"), which is also
what the service stores as `created_by`/`updated_by` for changes from the dashboard.
"""

from __future__ import annotations

from bot.resources.area import Area, closeness, normalize_place
from bot.resources.service import Resource


def within(area: Area, place: Area) -> bool:
    """A resource at `place` may be kept by someone working in `area`: no level names another place."""
    return closeness(area, place) is not None


def outside(area: Area, place: Area) -> list[str]:
    """The levels of `place` that name another place than `area` ("kecamatan", "kota"); empty if within."""
    return [
        level
        for level in ("kelurahan", "kecamatan", "kota")
        if (mine := normalize_place(level, getattr(area, level)))
        and (theirs := normalize_place(level, getattr(place, level)))
        and mine != theirs
    ]


def may_change(area: Area, who: str, resource: Resource) -> bool:
    """May the pendamping keyed `who`, working in `area`, edit, deactivate or reactivate `resource`?"""
    if resource.created_by == who:
        return True
    if not area.kecamatan or not resource.kecamatan:
        return False
    return within(area, resource.place)
