"""Leaving a question: "batal", "ga jadi", "menu" end whatever we were asking her.

Forms (PENA, the invitation), a ledger entry waiting for yes/no and a meeting
read-back all end here; she is told only when something was open.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import message_sid, say, settings, today
from actions.menu import last_bot_message
from bot.db import session_scope, utcnow
from bot.ledger import chat as ledger
from bot.meetings import chat as meetings
from bot.messaging.questions import QUESTION_SLOTS
from bot.roster.identity import identify


def forget_questions() -> list[dict[str, Any]]:
    return [ActiveLoop(None), *(SlotSet(slot, None) for slot in QUESTION_SLOTS)]


class ActionLeaveQuestion(Action):
    def name(self) -> str:
        return "action_leave_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            had_draft = meetings.has_draft(session, who, utcnow())
            if had_draft:
                meetings.cancel_plan(session, who)
        was_open = had_draft or tracker.active_loop_name is not None or bool(tracker.get_slot("pending_ledger"))
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # "menu" shows the menu (the rule's next step); "batal" is answered here.
        if intent == "ask_menu":
            return forget_questions()
        if not was_open and last_bot_message(tracker)[0] == "utter_ledger_recorded":
            # "batal" right after "✅ Sudah dicatat" takes that entry back, as "hapus yang tadi" does.
            with session_scope(settings().database_url) as session:
                who = identify(session, tracker.sender_id)
                say(dispatcher, ledger.delete_last(session, who, message_sid(tracker), today()).says)
            return forget_questions()
        dispatcher.utter_message(response="utter_question_dropped" if was_open else "utter_nothing_pending")
        return forget_questions()
