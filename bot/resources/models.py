"""The local_resource table: one agency or programme of the resource map."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class LocalResource(Base):
    """An agency or programme offering help to small businesses in one area.

    Optional text is stored as "" (never NULL), so plain values come back as plain strings. An empty
    kelurahan/kecamatan/kota means the resource serves the whole wider area (a city office has only
    `kota`; an entry with no area at all serves the whole deployment). No column is named `phone`:
    privacy's eraser deletes rows by that column, and a resource's contact is not a KPM's number.
    """

    __tablename__ = "local_resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    offers: Mapped[str] = mapped_column(String(1000))
    # Canonical kind tags (bot/resources/kinds.py), sorted, joined by "|": "modal|pelatihan".
    kinds: Mapped[str] = mapped_column(String(200))
    eligibility: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    contact: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    kelurahan: Mapped[str] = mapped_column(String(100), default="", server_default="")
    kecamatan: Mapped[str] = mapped_column(String(100), default="", server_default="", index=True)
    kota: Mapped[str] = mapped_column(String(100), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    # Who: "cli", a dashboard user, an import file; free text for the audit.
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
