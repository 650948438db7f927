from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class LoginLink(Base):
    """One sign-in link: the hash of its token, who it is for, when it expires and when it was used."""

    __tablename__ = "login_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token (hex); the token itself is only in the message we sent her.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    # Her role when the link was made (pendamping | koordinator); checked again when it is used.
    role: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set once, atomically, when the link is used: a second use finds it set.
    used_at: Mapped[datetime | None]


class WebPreference(Base):
    """What a dashboard user chose for herself (the page language), apart from her WhatsApp language."""

    __tablename__ = "web_preference"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    language: Mapped[str] = mapped_column(String(5))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
