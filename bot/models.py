"""Every table, imported in one place for Alembic and create_all."""

from bot.audit import AuditEntry
from bot.db import Base
from bot.graduation.models import GraduationDecision
from bot.knowledge.models import PenaAnswer
from bot.ledger.models import LedgerChange, LedgerEntry, MediaFile, SavingsEntry, SavingsGoal
from bot.meetings.models import Invitation, Meeting, meeting_kelompok
from bot.messaging.models import InboundMessage, OpenQuestion, OutboxMessage, RuntimeState
from bot.resources.models import LocalResource
from bot.roster.models import Contact, Kelompok, Koordinator, Kpm, Pendamping, PendampingNote
from bot.signin.models import LoginLink, WebPreference

__all__ = [
    "AuditEntry",
    "Base",
    "Contact",
    "GraduationDecision",
    "InboundMessage",
    "Invitation",
    "Kelompok",
    "Koordinator",
    "Kpm",
    "LedgerChange",
    "LedgerEntry",
    "LocalResource",
    "LoginLink",
    "MediaFile",
    "Meeting",
    "OpenQuestion",
    "OutboxMessage",
    "PenaAnswer",
    "Pendamping",
    "PendampingNote",
    "RuntimeState",
    "SavingsEntry",
    "SavingsGoal",
    "WebPreference",
    "meeting_kelompok",
]
