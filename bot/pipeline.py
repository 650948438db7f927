"""One inbound message, from Twilio's parsed form to its recorded answer: this module is its only owner.

receive() is the webhook's turn, stage by stage:

1. dedupe      the message is stored first; a repeated MessageSid gets the stored answer, nothing runs twice
2. identify    who she is, looked up once; it travels with the turn as Rasa message metadata, where the
               actions (actions/common.py: identity) read it; Rasa's answer is rendered for her (bot/rendering.py)
3. consent     stop, start again, delete my data: answered here, without Rasa (bot/privacy/consent.py)
4. language    "ganti bahasa sunda" is answered here; her first messages set it quietly (bot/roster/language.py)
5. media only  a message without text is asked again as text
6. relay       to Rasa (a Relay, so tests swap in their own), waiting RASA_REPLY_TIMEOUT seconds
7. record      the answer: in the webhook's TwiML now, or through the outbox later (too slow, too long);
               Rasa down: "saved, we will answer" now, and the message waits, pending

answer_later() is the worker's retry of a message that waited for Rasa: stages 6 and 7, via the outbox.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from typing import Any, Protocol

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.i18n import gettext
from bot.messaging import inbound, keys, outbox, questions, rasa_client
from bot.messaging.inbound import InboundForm
from bot.messaging.models import InboundMessage
from bot.messaging.rasa_client import RasaUnavailable
from bot.messaging.text import Reply
from bot.privacy import consent
from bot.rendering import render_turn
from bot.replies import LANGUAGE_NAME, render
from bot.roster.identity import Identity, get_contact, identify
from bot.roster.language import update_language
from bot.roster.phone import mask_phone

log = logging.getLogger(__name__)

# Long enough for a slow first prediction; past it the message waits for the worker.
RASA_HARD_TIMEOUT = 120.0


class Relay(Protocol):
    """Hands one message to the assistant and returns its turn; raises RasaUnavailable when none comes."""

    def __call__(self, phone: str, text: str, metadata: dict[str, Any], timeout: float) -> Reply: ...


def rasa(settings: Settings) -> Relay:
    """The relay in production: Rasa's REST channel."""

    def relay(phone: str, text: str, metadata: dict[str, Any], timeout: float) -> Reply:
        messages = rasa_client.send(settings.rasa_url, phone, text, metadata, timeout)
        who = Identity.from_metadata(metadata)
        if who is None:  # the pipeline always sends it; a caller that did not is looked up
            with session_scope(settings.database_url) as session:
                who = identify(session, phone)
        return render_turn(messages, who, text)

    return relay


class AlreadyTaken(RuntimeError):
    """Another process is answering this message."""


def receive(settings: Settings, message: InboundForm, relay: Relay | None = None) -> Reply | None:
    """The webhook's turn: what to answer in TwiML now; None says nothing now (an answer may follow)."""
    phone, text = message.phone, message.body
    with session_scope(settings.database_url) as session:
        row, is_new = inbound.record_inbound(session, message)
        if not is_new:
            # Twilio or a proxy repeated the request: same answer, no second processing.
            return inbound.stored_reply(row) if row.reply_via == "twiml" else None
        inbound_id = row.id
        who = identify(session, phone)
        said = consent.handle(session, phone, text, utcnow()) if text else None
        switched = None
        if text and not said:
            switched = update_language(session, phone, text, inbound.count_from(session, phone))
            # Asked for, or guessed from her first messages: the rest of the turn speaks it.
            who = replace(who, language=get_contact(session, phone).language)
    if said:
        reply = Reply(render(said, who))
        if said != "utter_consent_deleted":  # erased with everything else of hers, Rasa's tracker too
            # Consent closed or replaced her open question; a Rasa form she was in ends too.
            questions.end_forms(settings, phone)
            _answer_now(settings, inbound_id, reply)
        return reply
    if switched:
        reply = Reply(render("utter_language_set", who, language=gettext(LANGUAGE_NAME[switched], switched)))
    elif not text:
        reply = Reply(render("utter_media_only", who))
    else:
        return _relay_now(settings, inbound_id, who, relay or rasa(settings))
    _answer_now(settings, inbound_id, reply)
    return reply


def answer_later(settings: Settings, inbound_id: int, relay: Relay | None = None) -> None:
    """The worker's retry of a stored message: relay it to Rasa, the answer goes out through the outbox.

    Raises RasaUnavailable (the message stays pending) or AlreadyTaken (another process is answering it).
    """
    reply = _converse(settings, inbound_id, relay or rasa(settings))
    _deliver_later(settings, inbound_id, reply)


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


# The webhook waits for Rasa on one of these threads; whatever comes too late goes out through the outbox.
_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="relay")
UNAVAILABLE = object()


def _relay_now(settings: Settings, inbound_id: int, who: Identity, relay: Relay) -> Reply | None:
    handoff = Handoff()
    _executor.submit(_relay_in_background, settings, inbound_id, who, relay, handoff)
    outcome = handoff.wait(settings.rasa_reply_timeout)
    if outcome is UNAVAILABLE:
        return Reply(render("utter_saved_will_answer", who))
    if isinstance(outcome, Reply):
        _answer_now(settings, inbound_id, outcome)
        return outcome
    return None


def _relay_in_background(settings: Settings, inbound_id: int, who: Identity, relay: Relay, handoff: Handoff) -> None:
    try:
        reply = _converse(settings, inbound_id, relay, who)
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
    _deliver_later(settings, inbound_id, reply)
    handoff.offer(None)


def _converse(settings: Settings, inbound_id: int, relay: Relay, who: Identity | None = None) -> Reply:
    """Relay one stored message and return the turn's reply.

    Raises RasaUnavailable (the message is left pending for the worker) or AlreadyTaken.
    """
    with session_scope(settings.database_url) as session:
        if not inbound.claim(session, inbound_id):
            raise AlreadyTaken(inbound_id)
        row = session.get(InboundMessage, inbound_id)
        assert row is not None
        phone, text, sid = row.phone, row.body, row.message_sid
        if who is None:  # the worker's retry is a turn of its own: she is looked up once, now
            who = identify(session, phone)
        lapsed = questions.quiet_too_long(session, phone, inbound_id, timedelta(minutes=settings.question_ttl_minutes))
    if lapsed:
        questions.forget(settings, phone)
    metadata = {**who.as_metadata(), "message_sid": sid}
    try:
        reply = relay(phone, text, metadata, RASA_HARD_TIMEOUT)
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


def _answer_now(settings: Settings, inbound_id: int, reply: Reply) -> None:
    """Answered in the webhook's TwiML."""
    with session_scope(settings.database_url) as session:
        inbound.mark_answered(session, inbound_id, reply, "twiml")


def _deliver_later(settings: Settings, inbound_id: int, reply: Reply) -> None:
    """The answer goes out through the outbox (in parts if long) and is recorded."""
    with session_scope(settings.database_url) as session:
        row = session.get(InboundMessage, inbound_id)
        assert row is not None
        outbox.enqueue_text(
            session, keys.reply(row.message_sid), row.phone, "reply", reply.body, inbound_id=row.id, media=reply.media
        )
        inbound.mark_answered(session, inbound_id, reply, "outbox")
