"""What every action needs: settings, the sender's identity, her today, and a way to speak."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import clock
from bot.config import Settings, load_settings
from bot.db import session_scope
from bot.outcome import Say
from bot.roster.identity import Identity, identify


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


def today(tz: str | None = None) -> date:
    return clock.local_today(tz or settings().tz)


def message_sid(tracker: Tracker) -> str:
    """The WhatsApp MessageSid the webhook passed along; ties stored rows to their message."""
    metadata = tracker.latest_message.get("metadata") or {}
    sid = metadata.get("message_sid")
    if sid:
        return str(sid)
    # Direct REST use (no webhook): the Rasa message id is unique per message too.
    return f"rasa:{tracker.sender_id}:{tracker.latest_message.get('message_id') or len(tracker.events)}"


# Intents a free-text answer to our question may be read as; anything else confident is a new request.
ANSWER_INTENTS = frozenset({"affirm", "deny", "choose_option", "nlu_fallback", "out_of_scope", "rsvp"})
# Below this the classifier is unsure, and the text is read as an answer if it validates.
CONFIDENT = 0.6


def other_request(tracker: Tracker, allowed: frozenset[str] = ANSWER_INTENTS) -> bool:
    """Is her latest message a request of its own (a question, a sale, "menu") rather than an answer?"""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") not in allowed and float(intent.get("confidence") or 0) >= CONFIDENT


def asked_and_answered(tracker: Tracker, slot: str, allowed: frozenset[str]) -> str | None:
    """Her text, if `slot` is the question we asked and the message is not a request of its own."""
    if tracker.get_slot("requested_slot") != slot or other_request(tracker, allowed):
        return None
    return str(tracker.latest_message.get("text") or "")


def say(dispatcher: CollectingDispatcher, says: list[Say]) -> None:
    for item in says:
        dispatcher.utter_message(response=item.response, image=item.image, **item.values)


def last_bot_message(tracker: Tracker) -> tuple[str, float]:
    """The response name and time of the assistant's latest reply in this chat."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action") or ""
            return name, float(event.get("timestamp") or 0)
    return "", 0.0


def identity(tracker: Tracker) -> Identity:
    """Who is writing: her name, role, language and ids.

    As the inbound pipeline (bot/pipeline.py) sent it with her message; looked up only for a message
    that came without it (Rasa used directly, not through the webhook).
    """
    who = Identity.from_metadata((tracker.latest_message or {}).get("metadata"))
    if who is not None and who.phone == tracker.sender_id:
        return who
    with session_scope(settings().database_url) as session:
        return identify(session, tracker.sender_id)
