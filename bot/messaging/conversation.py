"""One inbound message through Rasa to a reply: now in the webhook's answer, or later via the outbox."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.config import Settings
from bot.db import session_scope
from bot.messaging import inbound, keys, outbox, questions
from bot.messaging.models import InboundMessage
from bot.messaging.rasa_client import RasaUnavailable, relay
from bot.messaging.text import Reply
from bot.replies import render
from bot.roster.identity import Identity, identify
from bot.roster.phone import mask_phone

log = logging.getLogger(__name__)

# Long enough for a slow first prediction; past it the message waits for the worker.
RASA_HARD_TIMEOUT = 120.0


class AlreadyTaken(RuntimeError):
    pass


def converse(settings: Settings, inbound_id: int, timeout: float = RASA_HARD_TIMEOUT) -> Reply:
    """Relay one stored message to Rasa and return the turn's reply.

    Raises RasaUnavailable (the message is left pending for the worker) or
    AlreadyTaken (another process is answering it).
    """
    with session_scope(settings.database_url) as session:
        if not inbound.claim(session, inbound_id):
            raise AlreadyTaken(inbound_id)
        row = session.get(InboundMessage, inbound_id)
        assert row is not None
        who = identify(session, row.phone)
        phone, body, sid = row.phone, row.body, row.message_sid
        lapsed = questions.quiet_too_long(session, phone, inbound_id, timedelta(minutes=settings.question_ttl_minutes))
    if lapsed:
        questions.forget(settings, phone)
    metadata = {**who.as_metadata(), "message_sid": sid}
    try:
        reply = relay(settings.rasa_url, phone, body, metadata, timeout)
    except RasaUnavailable as exc:
        log.warning("Rasa unavailable for message %s from %s: %s", inbound_id, mask_phone(phone), exc)
        with session_scope(settings.database_url) as session:
            inbound.mark_pending(session, inbound_id)
        raise
    if not reply.body and not reply.media:
        # A turn must never leave her without an answer (e.g. a response failed to render).
        log.error("Rasa answered message %s with no text", inbound_id)
        return Reply(render("utter_fallback", who))
    return reply


def deliver_later(settings: Settings, inbound_id: int, reply: Reply) -> None:
    """The answer goes out through the outbox (in parts if long) and is recorded."""
    with session_scope(settings.database_url) as session:
        row = session.get(InboundMessage, inbound_id)
        assert row is not None
        outbox.enqueue_text(
            session, keys.reply(row.message_sid), row.phone, "reply", reply.body, inbound_id=row.id, media=reply.media
        )
        inbound.mark_answered(session, inbound_id, reply, "outbox")


def answer_now(settings: Settings, inbound_id: int, reply: Reply) -> None:
    with session_scope(settings.database_url) as session:
        inbound.mark_answered(session, inbound_id, reply, "twiml")


def audience_for(settings: Settings, phone: str) -> Identity:
    with session_scope(settings.database_url) as session:
        return identify(session, phone)


UNAVAILABLE = object()


class Handoff:
    """The webhook waits a few seconds for the answer; whoever is late hands it to the outbox."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._abandoned = False
        self._value: object = None

    def offer(self, value: object) -> bool:
        """Called by the relay thread: True if the webhook is still waiting and takes it."""
        with self._lock:
            if self._abandoned:
                return False
            self._value = value
            self._ready.set()
            return True

    def wait(self, timeout: float) -> object | None:
        """Called by the webhook: the value, or None after `timeout` (then the thread delivers)."""
        self._ready.wait(timeout)
        with self._lock:
            if self._ready.is_set():
                return self._value
            self._abandoned = True
            return None


_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="relay")


def _relay_in_background(settings: Settings, inbound_id: int, handoff: Handoff) -> None:
    try:
        reply = converse(settings, inbound_id)
    except RasaUnavailable:
        handoff.offer(UNAVAILABLE)
        return
    except AlreadyTaken:
        handoff.offer(None)
        return
    except Exception:
        log.exception("relay of message %s failed", inbound_id)
        with session_scope(settings.database_url) as session:
            inbound.mark_pending(session, inbound_id)
        handoff.offer(UNAVAILABLE)
        return
    if reply.fits_one_message and handoff.offer(reply):
        return
    # Too late for the webhook's answer, or too long for one message.
    deliver_later(settings, inbound_id, reply)
    handoff.offer(None)


def reply_for_webhook(settings: Settings, inbound_id: int, phone: str) -> Reply | None:
    """What the webhook answers now; None means nothing now (an answer follows via the outbox)."""
    handoff = Handoff()
    _executor.submit(_relay_in_background, settings, inbound_id, handoff)
    outcome = handoff.wait(settings.rasa_reply_timeout)
    if outcome is UNAVAILABLE:
        return Reply(render("utter_saved_will_answer", audience_for(settings, phone)))
    if isinstance(outcome, Reply):
        answer_now(settings, inbound_id, outcome)
        return outcome
    return None
