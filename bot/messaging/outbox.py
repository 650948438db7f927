"""The outbox: every message is a row first, sent by the worker exactly once.

Messages we start are queued by the gate (bot/messaging/reach.py), answers to her
own messages by the inbound pipeline (bot/pipeline.py); keys come from
bot/messaging/keys.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.db import utcnow
from bot.messaging import keys
from bot.messaging.keys import Key
from bot.messaging.models import OutboxMessage
from bot.messaging.text import split_body

DONE = ("sent", "delivered", "read", "failed", "undelivered")


@dataclass(frozen=True)
class Outgoing:
    """What the sender needs to talk to Twilio, detached from the session."""

    id: int
    phone: str
    body: str | None
    media_url: str | None
    content_sid: str | None
    content_variables: str | None
    attempts: int
    purpose: str = "reply"


def enqueue(
    session: Session,
    key: Key | str,
    phone: str,
    purpose: str,
    body: str | None = None,
    *,
    media_url: str | None = None,
    content_sid: str | None = None,
    content_variables: dict[str, str] | None = None,
    inbound_id: int | None = None,
    after_id: int | None = None,
) -> OutboxMessage | None:
    """Queue one message; None if this key was queued before (nothing is sent twice)."""
    key = key if isinstance(key, Key) else Key(key)
    row = OutboxMessage(
        key=key.text,
        **key.columns(),
        phone=phone,
        purpose=purpose,
        body=body,
        media_url=media_url,
        content_sid=content_sid,
        content_variables=json.dumps(content_variables) if content_variables else None,
        inbound_id=inbound_id,
        after_id=after_id,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def enqueue_text(
    session: Session,
    key: Key | str,
    phone: str,
    purpose: str,
    body: str,
    inbound_id: int | None = None,
    media: tuple[str, ...] = (),
) -> list[OutboxMessage]:
    """A text in as many parts as Twilio needs; each part waits for the one before.

    A picture rides with the first part (as its caption); further pictures follow alone.
    """
    rows: list[OutboxMessage] = []
    after: int | None = None
    parts: list[tuple[str | None, str | None]] = [(p, None) for p in split_body(body)] or [(None, None)]
    if media:
        parts[0] = (parts[0][0], media[0])
        parts += [(None, url) for url in media[1:]]
    for i, (part, url) in enumerate(parts):
        row = enqueue(
            session, keys.part(key, i), phone, purpose, part, media_url=url, inbound_id=inbound_id, after_id=after
        )
        if row is None:
            continue
        session.flush()
        rows.append(row)
        after = row.id
    return rows


def redact(session: Session, key: Key | str, secret: str, replacement: str = "…") -> None:
    """Take a secret (a used sign-in token) out of a stored message's text; what was sent is unchanged."""
    key = key if isinstance(key, Key) else Key(key)
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key.text))
    if row is not None and row.body and secret in row.body:
        row.body = row.body.replace(secret, replacement)


def claim_due(session: Session, now: datetime | None = None, limit: int = 50) -> list[Outgoing]:
    """Rows ready to send, marked 'sending' so no other pass can take them."""
    now = now or utcnow()
    prev = aliased(OutboxMessage)
    candidates = session.scalars(
        select(OutboxMessage)
        .outerjoin(prev, OutboxMessage.after_id == prev.id)
        .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
        .where(or_(OutboxMessage.after_id.is_(None), and_(prev.status.in_(DONE))))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed: list[Outgoing] = []
    for row in candidates:
        # The conditional update is the claim: it succeeds for one process only.
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.status == "queued")
            .values(status="sending", attempts=OutboxMessage.attempts + 1)
        )
        if result.rowcount == 1:
            claimed.append(
                Outgoing(
                    row.id,
                    row.phone,
                    row.body,
                    row.media_url,
                    row.content_sid,
                    row.content_variables,
                    row.attempts + 1,
                    row.purpose,
                )
            )
    session.commit()
    return claimed


def mark_sent(session: Session, outbox_id: int, twilio_sid: str) -> None:
    """Twilio accepted it (HTTP 201); delivery news arrives by status callback."""
    row = session.get(OutboxMessage, outbox_id)
    assert row is not None
    row.status, row.twilio_sid, row.sent_at = "sent", twilio_sid, utcnow()
    row.error_code = row.error_message = None


def mark_retry(session: Session, outbox_id: int, code: str, message: str, delay: timedelta) -> None:
    row = session.get(OutboxMessage, outbox_id)
    assert row is not None
    row.status, row.error_code, row.error_message = "queued", code, message[:2000]
    row.next_attempt_at = utcnow() + delay


def mark_failed(session: Session, outbox_id: int, code: str, message: str) -> None:
    row = session.get(OutboxMessage, outbox_id)
    assert row is not None
    row.status, row.error_code, row.error_message = "failed", code, message[:2000]
