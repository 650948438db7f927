from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class PenaAnswer(Base):
    """One completed PENA questionnaire (bot/knowledge/pena_chat.py): what she answered and what assess() made of it.

    Every answer is kept; her latest one counts (bot/graduation reads it).
    """

    __tablename__ = "pena_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"))
    age: Mapped[int]
    # Her business as she named it (or the roster's usaha); None: no business yet.
    business: Mapped[str | None] = mapped_column(String(200))
    willing: Mapped[bool]  # agrees to leave bansos (graduasi mandiri)
    vulnerable: Mapped[bool]  # an elderly or severely disabled member in the family
    eligible: Mapped[bool]  # pena.assess(...).looks_eligible at the time she answered
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_pena_answer_kpm_answered", "kpm_id", "answered_at"),)
