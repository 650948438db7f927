"""Who wrote: the roster's answer for a phone number, as plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.roster.models import Contact, Koordinator, Kpm, Pendamping

ROLES = ("kpm", "pendamping", "koordinator", "unknown")


@dataclass(frozen=True)
class Identity:
    phone: str
    role: str  # "kpm", "pendamping", "koordinator" or "unknown"
    name: str | None
    kelompok: list[str]
    language: str
    kpm_id: int | None = None
    pendamping_id: int | None = None

    def as_metadata(self) -> dict[str, object]:
        """Sent to Rasa with her message, so the actions and the NLG endpoint read it instead of looking her up."""
        return asdict(self)

    @classmethod
    def from_metadata(cls, metadata: object) -> Identity | None:
        """The identity as_metadata() carried, or None when `metadata` holds none (or not a well-formed one)."""
        if not isinstance(metadata, Mapping):
            return None
        phone, role, name = metadata.get("phone"), metadata.get("role"), metadata.get("name")
        kelompok, language = metadata.get("kelompok"), metadata.get("language")
        ids = metadata.get("kpm_id"), metadata.get("pendamping_id")
        if not (
            isinstance(phone, str)
            and phone
            and role in ROLES
            and (name is None or isinstance(name, str))
            and isinstance(kelompok, list)
            and all(isinstance(k, str) for k in kelompok)
            and isinstance(language, str)
            and language
            and all(i is None or (isinstance(i, int) and not isinstance(i, bool)) for i in ids)
        ):
            return None
        return cls(phone, str(role), name, list(kelompok), language, *ids)


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
        return Identity(phone, "kpm", kpm.name, [kpm.kelompok.name], language, kpm_id=kpm.id)
    pendamping = session.scalar(select(Pendamping).where(Pendamping.phone == phone))
    if pendamping is not None:
        groups = sorted(k.name for k in pendamping.kelompok)
        return Identity(phone, "pendamping", pendamping.name, groups, language, pendamping_id=pendamping.id)
    chief = session.scalar(select(Koordinator).where(Koordinator.phone == phone))
    if chief is not None:
        return Identity(phone, "koordinator", chief.name, [], language)
    return Identity(phone, "unknown", None, [], language)


def opt_out(session: Session, phone: str, reason: str) -> None:
    """Stop every send to this number (Twilio 21610, or her own STOP later)."""
    contact = get_contact(session, phone)
    if contact.opted_out_at is None:
        contact.opted_out_at, contact.opt_out_reason = utcnow(), reason[:200]
