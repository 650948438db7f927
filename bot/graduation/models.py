from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class GraduationDecision(Base):
    """What was decided about one KPM's graduation, by whom and when. Every decision is kept; her latest counts."""

    __tablename__ = "graduation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(16))  # discussed | proposed_pena | graduated | not_now
    note: Mapped[str] = mapped_column(String(500), default="")
    # Who decided: the pendamping's or koordinator's phone (+62...) or another id the caller uses.
    decided_by: Mapped[str] = mapped_column(String(40))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_graduation_decision_kpm_decided", "kpm_id", "decided_at"),)
