"""The weekly message's controls and the progress report: thin actions over bot/nudges/chat.py."""

from __future__ import annotations

from actions.base import ServiceAction, Turn
from bot.nudges import chat
from bot.outcome import Outcome


class ActionNudgesOff(ServiceAction):
    def name(self) -> str:
        return "action_nudges_off"

    def handle(self, turn: Turn) -> Outcome:
        return chat.set_nudges(turn.session, turn.who, turn.text, on=False)


class ActionNudgesOn(ServiceAction):
    def name(self) -> str:
        return "action_nudges_on"

    def handle(self, turn: Turn) -> Outcome:
        return chat.set_nudges(turn.session, turn.who, turn.text, on=True)


class ActionProgress(ServiceAction):
    def name(self) -> str:
        return "action_progress"

    def handle(self, turn: Turn) -> Outcome:
        return chat.progress(turn.session, turn.who, turn.text, turn.today)
