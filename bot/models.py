"""Every table, imported in one place for Alembic and create_all."""

from bot.db import Base
from bot.graduation.models import GraduationDecision
from bot.knowledge.models import PenaAnswer
from bot.ledger.models import LedgerChange, LedgerEntry, MediaFile, SavingsEntry, SavingsGoal
from bot.meetings.models import Invitation, Meeting, meeting_kelompok
from bot.messaging.models import InboundMessage, OpenQuestion, OutboxMessage, RuntimeState
from bot.resources.models import LocalResource
from bot.roster.models import Contact, Kelompok, Kpm, Pendamping, PendampingNote

__all__ = [
    "Base",
    "Contact",
    "GraduationDecision",
    "InboundMessage",
    "Invitation",
    "Kelompok",
    "Kpm",
    "LedgerChange",
    "LedgerEntry",
    "LocalResource",
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
    "meeting_kelompok",
]
