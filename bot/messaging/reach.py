"""The one gate for every message we start: whether, when and how it may go out.

Meeting invitations, changes, cancellations and reminders, the weekly nudge, the
weekly chart, the meeting report, notes to the pendamping and the dashboard's sign-in
link all come through `Reacher.send`; nothing else queues a message we start. (Answers to her own
messages are not started by us: the inbound pipeline, bot/pipeline.py, queues those.)
Per purpose (`PURPOSES`) the gate decides, in this order:

1. opt-out: nothing we start goes to someone who stopped (`opted_out`, the one check),
   except what answers her own request (`Purpose.answers_her`, e.g. the sign-in link);
2. already queued: the outbox key (bot/messaging/keys.py) is sent once;
3. quiet hours: a purpose held at night waits for the morning;
4. busy: a purpose that waits while she is mid-conversation waits;
5. WhatsApp's 24-hour window: a business may write freely only within 24 hours
   of her last message (less a margin, as a queued message may leave a little
   later); outside it only an approved template (ContentSid + ContentVariables)
   goes through, or the purpose is skipped;
6. the daily limit: a new account may start conversations (templates) with at
   most 250 people per rolling 24 hours; past it a template waits for a free
   slot, or is dropped if it would arrive too late.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import ROOT, Settings
from bot.messaging import outbox
from bot.messaging.keys import Key
from bot.messaging.models import OutboxMessage
from bot.roster.models import Contact

WINDOW = timedelta(hours=24)
# A message queued now may leave a little later: treat the window's last minutes as closed.
WINDOW_MARGIN = timedelta(minutes=15)
TEMPLATES_FILE = ROOT / "data" / "templates.yml"
# The purpose of answers to her own messages: not started by us, never held back.
REPLY = "reply"


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


@dataclass(frozen=True)
class QuietHours:
    """Night hours, in her local time, when nothing held by them is sent (the range may wrap past midnight)."""

    start: time
    end: time

    def covers(self, at: time) -> bool:
        if self.start > self.end:
            return at >= self.start or at < self.end
        return self.start <= at < self.end

    def end_after(self, local: datetime) -> datetime:
        """The end of the quiet hours after `local` (tonight's, or this morning's if it is after midnight)."""
        morning = datetime.combine(local.date(), self.end, local.tzinfo)
        return morning if morning > local else morning + timedelta(days=1)


@dataclass(frozen=True)
class Purpose:
    """How one kind of message we start may go out."""

    # The approved template (data/templates.yml) used outside the 24-hour window; None: none exists.
    template: str | None = None
    # Without a template: False skips her until she writes again; True queues the free text anyway.
    free_text_outside_window: bool = False
    # Held during the quiet hours (data/nudges.yml), to be sent in the morning.
    quiet_hours: bool = False
    # Waits while she is mid-conversation (she wrote within settings.conversation_quiet_minutes).
    waits_while_busy: bool = False
    # What she just asked for, sent apart from the chat reply (a sign-in link): like a reply, it
    # goes even if she stopped what we start. She just wrote, so her window is open.
    answers_her: bool = False


PURPOSES: dict[str, Purpose] = {
    "meeting_invite": Purpose(template="meeting_invitation"),
    "meeting_change": Purpose(template="meeting_changed"),
    "meeting_cancel": Purpose(template="meeting_cancelled"),
    "meeting_remind": Purpose(template="meeting_reminder", waits_while_busy=True),
    "weekly_nudge": Purpose(template="weekly_nudge", quiet_hours=True),
    # A picture needs a media template, which we do not have: the weekly nudge reaches her instead.
    "weekly_chart": Purpose(),
    # To the pendamping; outside her window the report is left out (she sees it all by asking).
    "meeting_report": Purpose(),
    # To the pendamping, kept as it always went (the note also waits in PendampingNote); outside
    # her window WhatsApp refuses free text, and no template for it exists yet.
    "pendamping_note": Purpose(free_text_outside_window=True),
    # The dashboard's sign-in link she asked for ("link dasbor"), kept out of the chat reply (and
    # so out of the conversation's stores); free text in the window she just opened.
    "dashboard_link": Purpose(answers_her=True),
}


def purpose_of(name: str) -> Purpose:
    try:
        return PURPOSES[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a message we start (see reach.PURPOSES)") from None


def opted_out(contact: Contact | None) -> TypeGuard[Contact]:
    """She stopped (her STOP, Twilio 21610, failures in a row): nothing we start goes to her."""
    return contact is not None and contact.opted_out_at is not None


def answers_her(purpose: str) -> bool:
    """A reply to her message, or what she asked for: never held back by her opt-out."""
    return purpose == REPLY or (purpose in PURPOSES and PURPOSES[purpose].answers_her)


def held_at_send(contact: Contact | None, purpose: str) -> bool:
    """Checked again as a row leaves (she may have stopped since it was queued); answers to her still go."""
    return not answers_her(purpose) and opted_out(contact)


def inside_window(contact: Contact | None, now: datetime) -> bool:
    if contact is None or contact.last_inbound_at is None:
        return False
    return now - contact.last_inbound_at < WINDOW - WINDOW_MARGIN


def busy(contact: Contact | None, now: datetime, quiet: timedelta) -> bool:
    """In the middle of a conversation (e.g. recording a sale): she wrote within the quiet period."""
    return contact is not None and contact.last_inbound_at is not None and now - contact.last_inbound_at < quiet


def quiet_hours(purpose: str) -> QuietHours | None:
    """The quiet hours holding this purpose, None if it may go at any hour."""
    if not purpose_of(purpose).quiet_hours:
        return None
    return night()


@lru_cache(maxsize=1)
def night(path: Path = TEMPLATES_FILE) -> QuietHours:
    """The quiet hours (data/templates.yml), for the purposes held by them."""
    hours = yaml.safe_load(path.read_text())["quiet_hours"]
    return QuietHours(time.fromisoformat(hours["start"]), time.fromisoformat(hours["end"]))


def quiet_until(purpose: str, local: datetime) -> datetime | None:
    """When the quiet hours holding `purpose` at `local` (an aware local time) end; None: it may go now."""
    hours = quiet_hours(purpose)
    if hours is None or not hours.covers(local.time()):
        return None
    return hours.end_after(local)


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


@dataclass(frozen=True)
class Content:
    """A free-text message: its text, and a picture riding with it as the caption's media."""

    text: str
    media_url: str | None = None


@dataclass
class Reach:
    """How one fan-out went, for the pendamping's confirmation and report."""

    free_text: int = 0
    template: int = 0
    deferred: int = 0
    already: int = 0
    unreachable: dict[str, str] = field(default_factory=dict)  # phone -> reason code
    limit_warning: bool = False
    # Not refused, only not yet: mid-conversation (try again soon) or the quiet hours (until when).
    waiting: list[str] = field(default_factory=list)
    held_until: datetime | None = None

    @property
    def queued(self) -> int:
        return self.free_text + self.template + self.deferred


class Reacher:
    """The gate: decides, person by person, how (and whether) a message we start can go out.

    `daily_limit` is needed only by purposes with a template; `tz` (the zone of the
    quiet hours) only by purposes held at night; `busy_for` by purposes that wait
    while she is mid-conversation. `for_settings` fills them all.
    """

    def __init__(
        self,
        session: Session,
        now: datetime,
        daily_limit: int | None = None,
        *,
        tz: str | None = None,
        busy_for: timedelta = timedelta(0),
    ) -> None:
        self.session, self.now, self.daily_limit = session, now, daily_limit
        self.tz, self.busy_for = tz, busy_for
        self._reached: set[str] | None = None
        self.result = Reach()

    @classmethod
    def for_settings(cls, session: Session, settings: Settings, now: datetime, tz: str | None = None) -> Reacher:
        return cls(
            session,
            now,
            settings.whatsapp_daily_limit,
            tz=tz or settings.tz,
            busy_for=timedelta(minutes=settings.conversation_quiet_minutes),
        )

    @property
    def reached(self) -> set[str]:
        if self._reached is None:
            self._reached = people_reached(self.session, self.now)
        return self._reached

    def send(
        self,
        key: Key | str,
        phone: str,
        purpose: str,
        free_text: str | Content | Callable[[], Content],
        template: str | None = None,
        values: dict[str, str] | None = None,
        language: str = "id",
        not_after: datetime | None = None,
    ) -> str:
        """Queue one message; returns how it went.

        "free_text", "template" or "deferred" (queued; deferred waits for the daily limit),
        "already" (queued before), "busy" or "quiet_hours" (not yet: see result.waiting and
        result.held_until), or why it cannot go: "opted_out", "outside_window",
        "no_template", "daily_limit". `free_text` may be a function, called only when the
        free text is queued (a chart is drawn only for someone it can go to); `template`
        overrides the purpose's template.
        """
        spec = purpose_of(purpose)
        key = key if isinstance(key, Key) else Key(key)
        contact = self.session.get(Contact, phone)
        if opted_out(contact) and not spec.answers_her:
            return self._unreachable(phone, "opted_out")
        if self.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key.text)) is not None:
            self.result.already += 1
            return "already"
        if spec.quiet_hours:
            if self.tz is None:
                raise ValueError(f"{purpose} keeps the quiet hours: the gate needs their time zone")
            held = quiet_until(purpose, self.now.astimezone(ZoneInfo(self.tz)))
            if held is not None:
                self.result.held_until = held
                return "quiet_hours"
        if spec.waits_while_busy and busy(contact, self.now, self.busy_for):
            self.result.waiting.append(phone)
            return "busy"
        template = template or spec.template
        if inside_window(contact, self.now) or (template is None and spec.free_text_outside_window):
            content = free_text() if callable(free_text) else free_text
            content = content if isinstance(content, Content) else Content(content)
            outbox.enqueue(self.session, key, phone, purpose, content.text, media_url=content.media_url)
            self.result.free_text += 1
            return "free_text"
        if template is None:
            return self._unreachable(phone, "outside_window")
        return self._template(key, phone, purpose, template, values or {}, language, not_after)

    def _template(
        self,
        key: Key,
        phone: str,
        purpose: str,
        template: str,
        values: dict[str, str],
        language: str,
        not_after: datetime | None,
    ) -> str:
        spec = templates()[template]
        sid = spec.content_sid(language)
        if sid is None:
            return self._unreachable(phone, "no_template")
        if self.daily_limit is None:
            raise ValueError(f"{purpose} may start a conversation: the gate needs the daily limit")
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
