"""The audit trail of changes made from the web: who, what, which row, when, before and after.

Every change the dashboard (or a page built on it) makes goes through `record`, so
the trail has one shape. A row about a KPM carries her id (`kpm_id`), so her
"hapus data saya" (bot/privacy/erase.py) takes its trail with it.

    before = audit.snapshot(row)        # None for a new row
    row.text = "..."                    # the change
    audit.record(session, actor, "update", row, before)

A service that returns its own before and after (bot/resources' `Edit`) passes both, so the two
sides of an entry have one shape: `audit.record(session, actor, "update", row, edit.before.as_json(),
after=edit.after.as_json())`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String, Text, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db import Base, utcnow

ACTIONS = ("create", "update", "delete", "login")


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who: the phone number she signed in with, and her role then.
    actor: Mapped[str] = mapped_column(String(20), index=True)
    actor_role: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(64))
    # Whose data the row is about, if a KPM's: erased with her.
    kpm_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_audit_log_row", "table_name", "row_id"),)


@dataclass(frozen=True)
class Actor:
    phone: str
    role: str


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(row: Base | None) -> dict[str, Any] | None:
    """The row's column values as JSON-ready data (None for no row)."""
    if row is None:
        return None
    mapper = inspect(row).mapper
    return {column.key: _plain(getattr(row, column.key)) for column in mapper.column_attrs}


def record(
    session: Session,
    actor: Actor,
    action: str,
    row: Base,
    before: dict[str, Any] | None,
    *,
    kpm_id: int | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry for a change to `row` (flushed first, so a new row has its id). `after` is the
    row's columns unless given (a service's view of the row, the same shape as its `before`)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.flush()
    state = inspect(row)
    identity = state.identity or ()
    if action == "delete":
        after = None
    elif after is None:
        after = snapshot(row)
    entry = AuditEntry(
        actor=actor.phone,
        actor_role=actor.role,
        action=action,
        table_name=state.mapper.local_table.name,  # type: ignore[attr-defined]
        row_id=":".join(str(part) for part in identity),
        kpm_id=kpm_id if kpm_id is not None else getattr(row, "kpm_id", None),
        before=json.dumps(before, ensure_ascii=False, sort_keys=True) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False, sort_keys=True) if after is not None else None,
    )
    session.add(entry)
    return entry
