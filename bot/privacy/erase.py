"""'Hapus data saya': everything about her goes except her line in the pendamping's roster.

Tables are found from the models, not listed by hand: any table with a `phone`
or `kpm_id` column loses her rows (children first), so a table added later is
covered without anyone remembering this file. Her conversation in Rasa's
tracker store goes too.
"""

from __future__ import annotations

import logging
import os

from sqlalchemy import Table, create_engine, delete, select, text
from sqlalchemy.orm import Session

from bot.config import for_app, load_settings
from bot.db import Base
from bot.ledger.models import LedgerChange, LedgerEntry
from bot.messaging.models import InboundMessage, OutboxMessage
from bot.roster.models import Kpm

log = logging.getLogger(__name__)
# What the roster needs to stay (the pendamping's list of her kelompok, and the people who run it).
KEPT = {"kpm", "pendamping", "koordinator"}


def her_tables() -> list[Table]:
    """Tables holding rows about one person, in an order that deletes children first."""
    import bot.models  # noqa: F401  (every table registered)

    tables = [t for t in Base.metadata.sorted_tables if t.name not in KEPT and ({"phone", "kpm_id"} & set(t.c.keys()))]
    return list(reversed(tables))


def erase_person(session: Session, phone: str) -> dict[str, int]:
    """Delete her rows everywhere but the roster; returns rows deleted per table."""
    kpm_id = session.scalar(select(Kpm.id).where(Kpm.phone == phone))
    counts: dict[str, int] = {}
    # Rows that point at her rows (outbox parts after her messages) go first.
    session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.inbound_id.in_(select(InboundMessage.id).where(InboundMessage.phone == phone))
        )
    )
    if kpm_id is not None:
        entries = select(LedgerEntry.id).where(LedgerEntry.kpm_id == kpm_id)
        counts["ledger_change"] = session.execute(
            delete(LedgerChange).where(LedgerChange.entry_id.in_(entries))
        ).rowcount
    for table in her_tables():
        condition = table.c.phone == phone if "phone" in table.c else table.c.kpm_id == kpm_id
        if "phone" not in table.c and kpm_id is None:
            continue
        if "after_id" in table.c:
            session.execute(table.update().where(condition).values(after_id=None))
        counts[table.name] = session.execute(delete(table).where(condition)).rowcount
    _erase_tracker(phone)
    log.info("erased a person's data: %s", {k: v for k, v in counts.items() if v})
    return counts


def _erase_tracker(phone: str) -> None:
    """Her conversation as Rasa stored it (the SQL tracker store named in endpoints.yml)."""
    url = for_app(load_settings().rasa_tracker_url)
    if url.startswith("sqlite:///") and not os.path.exists(url.removeprefix("sqlite:///")):
        return  # Rasa has not written anything yet
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": phone})
    except Exception as exc:  # the table appears only after Rasa's first message
        log.warning("could not erase the Rasa tracker for a contact: %s", type(exc).__name__)
    finally:
        engine.dispose()
