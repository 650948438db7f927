"""Savings goals, entries and questions: one thin action over bot/ledger/savings_chat.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message_sid, say, settings, today
from bot.db import session_scope
from bot.ledger import savings_chat
from bot.roster.identity import identify


class ActionSavings(Action):
    def name(self) -> str:
        return "action_savings"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            outcome = savings_chat.handle(session, who, text, message_sid(tracker), today())
        say(dispatcher, outcome.says)
        return []
