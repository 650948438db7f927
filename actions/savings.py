"""Savings goals, entries and questions: one thin action over bot/ledger/savings_chat.py."""

from __future__ import annotations

from actions.base import ServiceAction, Turn
from bot.ledger import savings_chat
from bot.outcome import Outcome


class ActionSavings(ServiceAction):
    def name(self) -> str:
        return "action_savings"

    def handle(self, turn: Turn) -> Outcome:
        return savings_chat.handle(turn.session, turn.who, turn.text, turn.sid, turn.today)
