"""Bookkeeping by chat: record, confirm, correct, delete, totals, chart."""

from __future__ import annotations

from actions.base import ServiceAction, Turn
from actions.common import settings
from bot.ledger import chat
from bot.outcome import Outcome

# The open question (bot/messaging/questions.py) a ledger reply may ask: "Betul?" or "penjualan atau belanja?".
LEDGER = "ledger"


class _LedgerAction(ServiceAction):
    asks = LEDGER


class ActionRecordTransaction(_LedgerAction):
    def name(self) -> str:
        return "action_record_transaction"

    def handle(self, turn: Turn) -> Outcome:
        return chat.record(turn.session, turn.who, turn.text, turn.sid, turn.today)


class ActionCorrectLast(_LedgerAction):
    def name(self) -> str:
        return "action_correct_last"

    def handle(self, turn: Turn) -> Outcome:
        pending = turn.waiting(LEDGER)
        corrected = chat.correct_pending(turn.session, turn.who, pending, turn.text, turn.today) if pending else None
        return corrected or chat.correct_last(turn.session, turn.who, turn.text, turn.sid, turn.today)


class ActionDeleteLast(_LedgerAction):
    def name(self) -> str:
        return "action_delete_last"

    def handle(self, turn: Turn) -> Outcome:
        return chat.delete_last(turn.session, turn.who, turn.sid, turn.today, turn.text)


class ActionLedgerSummary(_LedgerAction):
    def name(self) -> str:
        return "action_ledger_summary"

    def handle(self, turn: Turn) -> Outcome:
        return chat.summary(turn.session, turn.who, turn.text, turn.today)


class ActionLedgerChart(_LedgerAction):
    def name(self) -> str:
        return "action_ledger_chart"

    def handle(self, turn: Turn) -> Outcome:
        from bot.ledger.chart import chart_reply  # matplotlib loads on the first chart, not at start

        return chart_reply(turn.session, settings(), turn.who, turn.text, turn.today)
