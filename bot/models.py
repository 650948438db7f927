"""Every table, imported in one place for Alembic and create_all."""

from bot.db import Base
from bot.ledger.models import LedgerChange, LedgerEntry, MediaFile
from bot.messaging.models import InboundMessage, OutboxMessage, RuntimeState
from bot.roster.models import Contact, Kelompok, Kpm, Pendamping, PendampingNote

__all__ = [
    "Base",
    "Contact",
    "InboundMessage",
    "Kelompok",
    "Kpm",
    "LedgerChange",
    "LedgerEntry",
    "MediaFile",
    "OutboxMessage",
    "Pendamping",
    "PendampingNote",
    "RuntimeState",
]
