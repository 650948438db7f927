from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class InboundMessage(Base):
    """Stored before anything else happens; MessageSid makes a repeat harmless."""

    __tablename__ = "inbound_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    num_media: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # received -> relaying -> answered; pending while Rasa cannot be reached.
    status: Mapped[str] = mapped_column(String(16), default="received")
    relay_attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    reply_text: Mapped[str | None] = mapped_column(Text)
    reply_media: Mapped[str | None] = mapped_column(Text)  # JSON list of URLs
    # "twiml" when answered in the webhook response, "outbox" when sent later.
    reply_via: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_inbound_status_received", "status", "received_at"),)


class OutboxMessage(Base):
    """One WhatsApp message to send; the unique key stops a second send of the same thing."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    purpose: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    body: Mapped[str | None] = mapped_column(Text)
    media_url: Mapped[str | None] = mapped_column(String(500))
    content_sid: Mapped[str | None] = mapped_column(String(64))
    content_variables: Mapped[str | None] = mapped_column(Text)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_message.id"))
    # What a message we started is about, for finding rows without reading keys back (bot/messaging/keys.py).
    meeting_id: Mapped[int | None] = mapped_column(index=True)
    # Parts of one long reply go out in order: a part waits for the one before it.
    after_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))
    # queued -> sending -> sent -> delivered/read | failed/undelivered
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    twilio_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)


class OpenQuestion(Base):
    """The one question we wait on from her (bot/messaging/questions.py): a table, so consent
    works while Rasa is down and a read-back survives restarts."""

    __tablename__ = "open_question"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    # ledger | meeting | consent: who reads her answer
    purpose: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON of plain values
    # MessageSid of the message whose reply asked it; a one-turn question is answered only by the next one.
    asked_in: Mapped[str | None] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class RuntimeState(Base):
    """Small facts processes tell each other, e.g. which Rasa model has been warmed."""

    __tablename__ = "runtime_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
