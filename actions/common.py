"""What every action needs: settings, the sender's identity, her today, and a way to speak."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import clock
from bot.config import Settings, load_settings
from bot.replies import Say


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


def say(dispatcher: CollectingDispatcher, says: list[Say]) -> None:
    for item in says:
        dispatcher.utter_message(response=item.response, image=item.image, **item.values)
