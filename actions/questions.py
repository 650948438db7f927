"""Leaving a question: "batal", "ga jadi", "menu" end whatever we were asking her.

Forms (PENA, the invitation), a ledger entry waiting for yes/no and a meeting
read-back all end here, each closed in its own words; with nothing open she is
pointed to the menu, and right after a recording "batal" takes that entry back.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import turn_of
from actions.common import last_bot_message, say
from actions.ledger import LEDGER
from bot.ledger import chat as ledger
from bot.meetings import chat as meetings
from bot.messaging import questions
from bot.messaging.questions import QUESTION_SLOTS
from bot.outcome import Say

PAUSED = "paused_form"
# What she is offered to go back to, per form (bot/replies.py).
RESUME = {"pena_form": "utter_resume_pena", "meeting_form": "utter_resume_meeting"}


def forget_questions() -> list[dict[str, Any]]:
    return [ActiveLoop(None), *(SlotSet(slot, None) for slot in QUESTION_SLOTS)]


def stepped_out(tracker: Tracker, form: str) -> bool:
    """Did `form` turn her latest message down (she asked or said something else)?"""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action_execution_rejected" and event.get("name") == form:
            return True
    return False


def pause_if_stepped_out(dispatcher: CollectingDispatcher, tracker: Tracker, form: str) -> list[dict[str, Any]] | None:
    """After her other request was answered, offer the form back instead of asking its question again.

    The form stops (its result rule sees `paused_form` and waits); "lanjut"/"ya" resumes it with
    the answers she already gave (ActionShortAnswer).
    """
    if not stepped_out(tracker, form):
        return None
    dispatcher.utter_message(response=RESUME[form])
    return [SlotSet(PAUSED, form), ActiveLoop(None)]


def resume(tracker: Tracker) -> list[dict[str, Any]] | None:
    """Her "ya"/"lanjut" to the offer: the form starts again where it stopped."""
    form = tracker.get_slot(PAUSED)
    if not form:
        return None
    return [SlotSet(PAUSED, None), SlotSet("requested_slot", None), ActiveLoop(form)]


class FormQuestion:
    """Asks a form's question (the `utter_ask_<slot>` text), or offers the form back after a digression.

    Not an Action itself, so rasa-sdk registers only the concrete ones."""

    form = ""
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        paused = pause_if_stepped_out(dispatcher, tracker, self.form)
        if paused is not None:
            return paused
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


class ActionLeaveQuestion(Action):
    def name(self) -> str:
        return "action_leave_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        with turn_of(tracker) as turn:
            session, who = turn.session, turn.who
            # Each open question is closed in its own words: "tidak saya catat", "tidak jadi, tidak ada yang dikirim".
            says = meetings.cancel_plan(session, who).says if meetings.has_draft(session, who, turn.now) else []
            if turn.waiting(LEDGER):
                says.append(Say("utter_ledger_cancelled"))
            if not says and (tracker.active_loop_name or tracker.get_slot(PAUSED)):
                says.append(Say("utter_question_dropped"))
            if not says and last_bot_message(tracker)[0] == "utter_ledger_recorded":
                # "batal" right after "✅ Sudah dicatat" takes that entry back, as "hapus yang tadi" does.
                says = ledger.delete_last(session, who, turn.sid, turn.today).says
            questions.close(session, who.phone)
        if intent != "ask_menu":  # "menu" just shows the menu (the rule's next step)
            say(dispatcher, says or [Say("utter_nothing_pending")])
        return forget_questions()
