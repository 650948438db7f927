"""Meetings: thin actions over bot/meetings/chat.py (the pendamping's commands, the invitation form)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ServiceAction, Turn, turn_of
from actions.common import ANSWER_INTENTS, asked_and_answered, say
from actions.questions import PAUSED, pause_if_stepped_out
from bot.meetings import chat
from bot.outcome import Outcome
from nlu.keywords import command_intent, yes_no

SLOT = "meeting_detail"
# What the rest of an invitation may be read as ("Senin jam 9" reads like a change).
MEETING_ANSWERS = ANSWER_INTENTS | {"invite_meeting", "change_meeting"}
DONE = "ok"


class ActionMeetingInvite(Action):
    """Reads the invitation; the form then asks for whatever is missing."""

    def name(self) -> str:
        return "action_meeting_invite"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        with turn_of(tracker) as turn:
            if tracker.get_slot(PAUSED) == "meeting_form" and command_intent(turn.text) != "invite_meeting":
                # "oh iya, undangan tadi jam 9 di Balai Desa": the rest of the invitation she stepped out of.
                outcome, complete = chat.continue_invite(turn.session, turn.who, turn.text, turn.now)
            else:
                outcome, complete = chat.start_invite(turn.session, turn.who, turn.text, turn.now)
        say(dispatcher, outcome.says)
        return [SlotSet(PAUSED, None), SlotSet(SLOT, DONE if complete else None)]


class ActionAskMeetingDetail(Action):
    def name(self) -> str:
        return "action_ask_meeting_detail"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        paused = pause_if_stepped_out(dispatcher, tracker, "meeting_form")
        if paused is not None:
            return paused
        with turn_of(tracker) as turn:
            outcome = chat.ask_missing(turn.session, turn.who, turn.now)
        say(dispatcher, outcome.says)
        return []


class ValidateMeetingForm(FormValidationAction):
    """The missing part of an invitation ("jam 9 di balai RW"); a new full invitation, a question,
    "batal" or "menu" are not answers: the form's turn is rejected and their own rules run."""

    def name(self) -> str:
        return "validate_meeting_form"

    def extract_meeting_detail(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = asked_and_answered(tracker, SLOT, MEETING_ANSWERS)
        if text is None or command_intent(text) == "invite_meeting":
            return {}
        return {SLOT: text}

    def validate_meeting_detail(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "")
        if text == DONE:
            return {SLOT: DONE}
        cancel = yes_no(text) is False or text.strip().lower() in ("batal", "batalkan", "gak jadi", "ga jadi", "cancel")
        with turn_of(tracker) as turn:
            if cancel:
                outcome, complete = chat.cancel_plan(turn.session, turn.who), False
            else:
                outcome, complete = chat.continue_invite(turn.session, turn.who, text, turn.now)
        say(dispatcher, outcome.says)
        if cancel:
            return {SLOT: "dropped"}
        return {SLOT: DONE if complete else None}


class ActionMeetingReadBack(Action):
    def name(self) -> str:
        return "action_meeting_read_back"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if tracker.get_slot(PAUSED):
            return []  # the form stopped for another request; the plan waits in its draft
        with turn_of(tracker) as turn:
            outcome = chat.read_back(turn.session, turn.who, turn.now)
        say(dispatcher, outcome.says)
        return [SlotSet(SLOT, None)]


class ActionMeetingChange(ServiceAction):
    def name(self) -> str:
        return "action_meeting_change"

    def handle(self, turn: Turn) -> Outcome:
        return chat.start_change(turn.session, turn.who, turn.text, turn.now)


class ActionMeetingCancel(ServiceAction):
    def name(self) -> str:
        return "action_meeting_cancel"

    def handle(self, turn: Turn) -> Outcome:
        return chat.start_cancel(turn.session, turn.who, turn.text, turn.now)


class ActionMeetingRsvpList(ServiceAction):
    def name(self) -> str:
        return "action_meeting_rsvp_list"

    def handle(self, turn: Turn) -> Outcome:
        return chat.rsvp_list(turn.session, turn.who, turn.text, turn.now)


class ActionMeetingAttendance(ServiceAction):
    def name(self) -> str:
        return "action_meeting_attendance"

    def handle(self, turn: Turn) -> Outcome:
        return chat.attendance(turn.session, turn.who, turn.text, turn.now)
