"""Messages we start (invitations, reminders, nudges): free text inside WhatsApp's
24-hour window, an approved template outside it, and never past the daily limit.

WhatsApp lets a business write freely only within 24 hours of the person's last
message; after that only approved templates (ContentSid + ContentVariables) go
through, and a new account may start conversations with at most 250 people per
rolling 24 hours. Every purpose that starts conversations comes through here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import ROOT
from bot.messaging import outbox
from bot.messaging.models import OutboxMessage
from bot.roster.models import Contact

WINDOW = timedelta(hours=24)
# A message queued now may leave a little later: treat the window's last minutes as closed.
WINDOW_MARGIN = timedelta(minutes=15)
TEMPLATES_FILE = ROOT / "data" / "templates.yml"


@dataclass(frozen=True)
class Template:
    purpose: str
    env: str
    variables: tuple[str, ...]
    text: dict[str, str]

    def content_sid(self, language: str) -> str | None:
        """The approved template for her language, else the Indonesian one; None if not configured."""
        for lang in dict.fromkeys((language, "id")):
            sid = os.environ.get(f"{self.env}_{lang.upper()}")
            if sid:
                return sid
        return None

    def content_variables(self, values: dict[str, str]) -> dict[str, str]:
        return {str(i): str(values.get(name, "-"))[:300] or "-" for i, name in enumerate(self.variables, 1)}


@lru_cache(maxsize=1)
def templates(path: Path = TEMPLATES_FILE) -> dict[str, Template]:
    data = yaml.safe_load(path.read_text())["templates"]
    return {
        purpose: Template(purpose, spec["env"], tuple(spec["variables"]), dict(spec["text"]))
        for purpose, spec in data.items()
    }


def inside_window(contact: Contact | None, now: datetime) -> bool:
    if contact is None or contact.last_inbound_at is None:
        return False
    return now - contact.last_inbound_at < WINDOW - WINDOW_MARGIN


def people_reached(session: Session, now: datetime) -> set[str]:
    """Numbers we started (or will start) a conversation with in the rolling 24 hours."""
    rows = session.scalars(
        select(OutboxMessage.phone)
        .distinct()
        .where(
            OutboxMessage.content_sid.is_not(None),
            OutboxMessage.status != "failed",
            OutboxMessage.next_attempt_at > now - WINDOW,
        )
    )
    return set(rows)


def next_free_slot(session: Session, now: datetime) -> datetime:
    """When the oldest conversation we started leaves the rolling 24 hours."""
    oldest = session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.content_sid.is_not(None),
            OutboxMessage.status != "failed",
            OutboxMessage.next_attempt_at > now - WINDOW,
        )
    )
    return (oldest + WINDOW) if oldest else now


@dataclass
class Reach:
    """How one fan-out went, for the pendamping's confirmation and report."""

    free_text: int = 0
    template: int = 0
    deferred: int = 0
    already: int = 0
    unreachable: dict[str, str] = field(default_factory=dict)  # phone -> reason code
    limit_warning: bool = False

    @property
    def queued(self) -> int:
        return self.free_text + self.template + self.deferred


class Reacher:
    """Decides, person by person, how (and whether) a message we start can go out."""

    def __init__(self, session: Session, now: datetime, daily_limit: int) -> None:
        self.session, self.now, self.daily_limit = session, now, daily_limit
        self.reached = people_reached(session, now)
        self.result = Reach()

    def send(
        self,
        key: str,
        phone: str,
        purpose: str,
        free_text: str,
        template: str,
        values: dict[str, str],
        language: str,
        not_after: datetime | None = None,
    ) -> str:
        """Queue one message; returns "free_text", "template", "deferred", "already" or a reason it cannot go."""
        contact = self.session.get(Contact, phone)
        if contact is not None and contact.opted_out_at is not None:
            return self._unreachable(phone, "opted_out")
        if self.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
            self.result.already += 1
            return "already"
        if inside_window(contact, self.now):
            outbox.enqueue(self.session, key, phone, purpose, free_text)
            self.result.free_text += 1
            return "free_text"
        spec = templates()[template]
        sid = spec.content_sid(language)
        if sid is None:
            return self._unreachable(phone, "no_template")
        when = self.now
        if phone not in self.reached and len(self.reached) >= self.daily_limit:
            when = next_free_slot(self.session, self.now)
            if not_after is not None and when > not_after:
                return self._unreachable(phone, "daily_limit")
        row = outbox.enqueue(
            self.session, key, phone, purpose, content_sid=sid, content_variables=spec.content_variables(values)
        )
        assert row is not None
        row.next_attempt_at = when
        self.session.flush()
        self.reached.add(phone)
        if len(self.reached) >= 0.8 * self.daily_limit:
            self.result.limit_warning = True
        if when > self.now:
            self.result.deferred += 1
            return "deferred"
        self.result.template += 1
        return "template"

    def _unreachable(self, phone: str, reason: str) -> str:
        self.result.unreachable[phone] = reason
        return reason
