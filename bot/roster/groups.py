"""A pendamping's kelompok, found by what she writes: names, numbers or "all"."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.roster.models import Kelompok, Pendamping
from bot.understanding.meetings import read_groups


def pendamping_of(session: Session, phone: str) -> Pendamping | None:
    return session.scalar(select(Pendamping).where(Pendamping.phone == phone))


def her_groups(pendamping: Pendamping) -> list[Kelompok]:
    """Her kelompok in the order she sees them numbered (by name)."""
    return sorted(pendamping.kelompok, key=lambda k: k.name.lower())


class UnknownGroup(LookupError):
    """She named a kelompok that is not hers."""


def resolve_groups(pendamping: Pendamping, written: tuple[str, ...]) -> list[Kelompok]:
    """'melati', '3' (her third), '*' (all of hers); a kelompok of another pendamping is not found."""
    groups = her_groups(pendamping)
    if "*" in written:
        return groups
    found: list[Kelompok] = []
    for name in written:
        match = next((k for k in groups if k.name.lower() == name.lower()), None)
        if match is None and name.isdigit():
            number = int(name)
            match = next((k for k in groups if k.name.lower() == f"kelompok {number}"), None)
            if match is None and 1 <= number <= len(groups):
                match = groups[number - 1]
        if match is None:
            raise UnknownGroup(name)
        if match not in found:
            found.append(match)
    return found


def named_in(pendamping: Pendamping, text: str) -> tuple[str, ...]:
    """Her kelompok whose names appear in the text as written ("K01", "RW 05"): the roster knows them."""
    low = f" {' '.join(re.split(r'[^0-9a-z]+', text.lower()))} "
    return tuple(
        k.name.lower()
        for k in her_groups(pendamping)
        if f" {' '.join(re.split(r'[^0-9a-z]+', k.name.lower()))} " in low
    )


def groups_in(pendamping: Pendamping, text: str) -> tuple[str, ...]:
    """The kelompok a command names: her own kelompok's names wherever they stand ("di Melati",
    "klp mawar", "Melati" alone) first, then what the text calls a kelompok ("kelompok 3")."""
    return named_in(pendamping, text) or read_groups(text)
