"""Where to get training, capital, certification near her: one thin action over bot/resources/chat.py."""

from __future__ import annotations

from actions.base import ServiceAction, Turn
from bot.outcome import Outcome
from bot.resources import chat


class ActionLocalResources(ServiceAction):
    def name(self) -> str:
        return "action_local_resources"

    def handle(self, turn: Turn) -> Outcome:
        return chat.answer(turn.session, turn.who, turn.text)
