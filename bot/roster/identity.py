"""Who wrote: the roster's answer for a phone number, as plain values."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.roster.models import Contact, Koordinator, Kpm, Pendamping


@dataclass(frozen=True)
class Identity:
    phone: str
    role: str  # "kpm", "pendamping", "koordinator" or "unknown"
    name: str | None
    kelompok: list[str]
    language: str

    def as_metadata(self) -> dict[str, object]:
        return asdict(self)


def get_contact(session: Session, phone: str) -> Contact:
    contact = session.get(Contact, phone)
    if contact is None:
        contact = Contact(phone=phone, language="id")
        session.add(contact)
        session.flush()
    return contact


def touch_contact(session: Session, phone: str, profile_name: str | None, at: datetime | None = None) -> Contact:
    """Record an inbound message: it (re)opens the 24-hour window."""
    contact = get_contact(session, phone)
    contact.last_inbound_at = at or utcnow()
    if profile_name:
        contact.profile_name = profile_name[:120]
    return contact


def identify(session: Session, phone: str) -> Identity:
    contact = session.get(Contact, phone)
    language = contact.language if contact else "id"
    kpm = session.scalar(select(Kpm).where(Kpm.phone == phone))
    if kpm is not None:
        return Identity(phone, "kpm", kpm.name, [kpm.kelompok.name], language)
    pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == phone))
    if pendamping is not None:
        groups = sorted(k.name for k in pendamping.kelompok)
        return Identity(phone, "pendamping", pendamping.name, groups, language)
    chief = session.scalar(select(Koordinator).where(Koordinator.phone == phone))
    if chief is not None:
        return Identity(phone, "koordinator", chief.name, [], language)
    return Identity(phone, "unknown", None, [], language)


def opt_out(session: Session, phone: str, reason: str) -> None:
    """Stop every send to this number (Twilio 21610, or her own STOP later)."""
    contact = get_contact(session, phone)
    if contact.opted_out_at is None:
        contact.opted_out_at, contact.opt_out_reason = utcnow(), reason[:200]
