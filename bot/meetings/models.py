from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base, utcnow
from bot.roster.models import Kelompok, Kpm

meeting_kelompok = Table(
    "meeting_kelompok",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    # Meetings of one kelompok (the dashboard's last and next meeting) are found by kelompok.
    Column("kelompok_id", ForeignKey("kelompok.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Meeting(Base):
    """One gathering of one or more kelompok; times in UTC, shown in the pendamping's zone."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    pendamping_id: Mapped[int] = mapped_column(ForeignKey("pendamping.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    tz: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(String(300))
    label: Mapped[str | None] = mapped_column(String(60))
    # scheduled -> cancelled | done
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    # Each change bumps the version: the change notice and reminder keys carry it, so each goes out once.
    version: Mapped[int] = mapped_column(default=1)
    # The worker has made reminder jobs for this version (it alone touches the scheduler).
    jobs_version: Mapped[int] = mapped_column(default=0)
    # The pendamping's "how many were sent" report for this version is still owed.
    report_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kelompok: Mapped[list[Kelompok]] = relationship(secondary=meeting_kelompok, order_by=Kelompok.name)
    invitations: Mapped[list[Invitation]] = relationship(back_populates="meeting", order_by="Invitation.id")


class Invitation(Base):
    """One KPM invited to one meeting: her answer and what we reminded her of."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"), index=True)
    # pending (no answer yet) | yes | no
    status: Mapped[str] = mapped_column(String(8), default="pending")
    reply_text: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(String(300))
    replied_at: Mapped[datetime | None]
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Names of the reminders that went out (comma-separated, e.g. "day_before,two_hours").
    reminded: Mapped[str] = mapped_column(String(200), default="")
    # After the meeting: None until the pendamping records it.
    attended: Mapped[bool | None]
    attendance_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    kpm: Mapped[Kpm] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "kpm_id", name="uq_invitation_meeting_kpm"),)
