"""The weekly message's controls and the progress report: thin actions over bot/nudges/chat.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import say, settings, today
from bot.db import session_scope
from bot.nudges import chat
from bot.outcome import Outcome
from bot.roster.identity import Identity, identify


class _NudgeAction:
    """Shared run(); not an Action itself, so rasa-sdk registers only the concrete ones."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            outcome = self.handle(session, who, text)
        say(dispatcher, outcome.says)
        return []

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        raise NotImplementedError


class ActionNudgesOff(_NudgeAction, Action):
    def name(self) -> str:
        return "action_nudges_off"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.set_nudges(session, who, text, on=False)


class ActionNudgesOn(_NudgeAction, Action):
    def name(self) -> str:
        return "action_nudges_on"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.set_nudges(session, who, text, on=True)


class ActionProgress(_NudgeAction, Action):
    def name(self) -> str:
        return "action_progress"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.progress(session, who, text, today())
