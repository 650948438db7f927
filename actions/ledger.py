"""Bookkeeping by chat: record, confirm, correct, delete, totals, chart."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import message_sid, open_ledger_question, say, settings, today
from bot.db import session_scope
from bot.ledger import chat
from bot.outcome import Outcome
from bot.roster.identity import Identity, identify

PENDING = "pending_ledger"


class _LedgerAction:
    """Shared run(); not an Action itself, so rasa-sdk registers only the concrete ones."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            outcome = self.handle(session, who, text, tracker)
        say(dispatcher, outcome.says)
        return [SlotSet(PENDING, outcome.pending)]

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        raise NotImplementedError


class ActionRecordTransaction(_LedgerAction, Action):
    def name(self) -> str:
        return "action_record_transaction"

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        return chat.record(session, who, text, message_sid(tracker), today())


class ActionCorrectLast(_LedgerAction, Action):
    def name(self) -> str:
        return "action_correct_last"

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        pending = open_ledger_question(tracker)
        corrected = chat.correct_pending(session, who, pending, text, today()) if pending else None
        return corrected or chat.correct_last(session, who, text, message_sid(tracker), today())


class ActionDeleteLast(_LedgerAction, Action):
    def name(self) -> str:
        return "action_delete_last"

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        return chat.delete_last(session, who, message_sid(tracker), today(), text)


class ActionLedgerSummary(_LedgerAction, Action):
    def name(self) -> str:
        return "action_ledger_summary"

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        return chat.summary(session, who, text, today())


class ActionLedgerChart(_LedgerAction, Action):
    def name(self) -> str:
        return "action_ledger_chart"

    def handle(self, session: Session, who: Identity, text: str, tracker: Tracker) -> Outcome:
        from bot.ledger.chart import chart_reply

        return chart_reply(session, settings(), who, text, today())
