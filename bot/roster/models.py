from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base, utcnow


class Pendamping(Base):
    __tablename__ = "pendamping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    # The zone meetings are scheduled in (WIB, WITA or WIT).
    tz: Mapped[str] = mapped_column(String(40), default="Asia/Jakarta")
    # Where she works (roster columns kecamatan, kota): a koordinator of that area sees her kelompok.
    kecamatan: Mapped[str | None] = mapped_column(String(80))
    kota: Mapped[str | None] = mapped_column(String(80))
    kelompok: Mapped[list[Kelompok]] = relationship(back_populates="pendamping")

    __table_args__ = (Index("ix_pendamping_area", "kota", "kecamatan"),)


class Koordinator(Base):
    """Oversees the pendamping of an area (a kecamatan, a kota, or a kecamatan in a kota), read-only."""

    __tablename__ = "koordinator"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    kecamatan: Mapped[str | None] = mapped_column(String(80))
    kota: Mapped[str | None] = mapped_column(String(80))


class Kelompok(Base):
    __tablename__ = "kelompok"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    pendamping_id: Mapped[int | None] = mapped_column(ForeignKey("pendamping.id"), index=True)
    pendamping: Mapped[Pendamping | None] = relationship(back_populates="kelompok")
    members: Mapped[list[Kpm]] = relationship(back_populates="kelompok")
    # The weekly savings nudge (bot/nudges): on or off, and when (0 = Monday ... 6 = Sunday, local hour).
    nudges_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    nudge_weekday: Mapped[int] = mapped_column(default=6, server_default="6")
    nudge_hour: Mapped[int] = mapped_column(default=18, server_default="18")


class Kpm(Base):
    __tablename__ = "kpm"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    kelompok_id: Mapped[int] = mapped_column(ForeignKey("kelompok.id"), index=True)
    birth_date: Mapped[date | None]
    business: Mapped[str | None] = mapped_column(String(200))
    kelompok: Mapped[Kelompok] = relationship(back_populates="members")


class Contact(Base):
    """Every number that wrote or was written to, registered or not."""

    __tablename__ = "contact"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    language: Mapped[str] = mapped_column(String(5), default="id")
    # "default", "auto" (guessed from her first messages) or "user" (she asked): a choice is never overridden.
    language_source: Mapped[str] = mapped_column(String(8), default="default", server_default="default")
    profile_name: Mapped[str | None] = mapped_column(String(120))
    # Start of WhatsApp's 24-hour customer-service window.
    last_inbound_at: Mapped[datetime | None]
    # Set: nothing we start (invitations, reminders, nudges) goes to her; replies still do.
    opted_out_at: Mapped[datetime | None]
    opt_out_reason: Mapped[str | None] = mapped_column(String(200))
    # Delivery failures in a row (status callbacks); five stop every send we start.
    failures_in_row: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendampingNote(Base):
    """Something a pendamping should know about one of her KPM (e.g. interest in PENA)."""

    __tablename__ = "pendamping_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    pendamping_id: Mapped[int] = mapped_column(ForeignKey("pendamping.id", ondelete="CASCADE"), index=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
