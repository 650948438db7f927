"""Meetings: thin actions over bot/meetings/chat.py (the pendamping's commands, the invitation form)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import ANSWER_INTENTS, asked_and_answered, say, settings
from actions.questions import PAUSED, pause_if_stepped_out
from bot.db import session_scope, utcnow
from bot.meetings import chat
from bot.outcome import Outcome
from bot.roster.identity import Identity, identify
from nlu.keywords import command_intent, yes_no

SLOT = "meeting_detail"
# What the rest of an invitation may be read as ("Senin jam 9" reads like a change).
MEETING_ANSWERS = ANSWER_INTENTS | {"invite_meeting", "change_meeting"}
DONE = "ok"


def _run(tracker: Tracker, handle: Any) -> tuple[Any, Identity]:
    with session_scope(settings().database_url) as session:
        who = identify(session, tracker.sender_id)
        return handle(session, who), who


class ActionMeetingInvite(Action):
    """Reads the invitation; the form then asks for whatever is missing."""

    def name(self) -> str:
        return "action_meeting_invite"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot(PAUSED) == "meeting_form" and command_intent(text) != "invite_meeting":
            # "oh iya, undangan tadi jam 9 di Balai Desa": the rest of the invitation she stepped out of.
            (outcome, complete), _ = _run(tracker, lambda s, who: chat.continue_invite(s, who, text, utcnow()))
        else:
            (outcome, complete), _ = _run(tracker, lambda s, who: chat.start_invite(s, who, text, utcnow()))
        say(dispatcher, outcome.says)
        return [SlotSet(PAUSED, None), SlotSet(SLOT, DONE if complete else None)]


class ActionAskMeetingDetail(Action):
    def name(self) -> str:
        return "action_ask_meeting_detail"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        paused = pause_if_stepped_out(dispatcher, tracker, "meeting_form")
        if paused is not None:
            return paused
        outcome, _ = _run(tracker, lambda s, who: chat.ask_missing(s, who, utcnow()))
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
        if yes_no(text) is False or text.strip().lower() in ("batal", "batalkan", "gak jadi", "ga jadi", "cancel"):
            outcome, _ = _run(tracker, lambda s, who: chat.cancel_plan(s, who))
            say(dispatcher, outcome.says)
            return {SLOT: "dropped"}
        (outcome, complete), _ = _run(tracker, lambda s, who: chat.continue_invite(s, who, text, utcnow()))
        say(dispatcher, outcome.says)
        return {SLOT: DONE if complete else None}


class ActionMeetingReadBack(Action):
    def name(self) -> str:
        return "action_meeting_read_back"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if tracker.get_slot(PAUSED):
            return []  # the form stopped for another request; the plan waits in its draft
        outcome, _ = _run(tracker, lambda s, who: chat.read_back(s, who, utcnow()))
        say(dispatcher, outcome.says)
        return [SlotSet(SLOT, None)]


class _Command:
    """A pendamping command: one service call on her text. Not an Action itself, so rasa-sdk skips it."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        outcome, _ = _run(tracker, lambda s, who: self.handle(s, who, text))
        say(dispatcher, outcome.says)
        return []

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        raise NotImplementedError


class ActionMeetingChange(_Command, Action):
    def name(self) -> str:
        return "action_meeting_change"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.start_change(session, who, text, utcnow())


class ActionMeetingCancel(_Command, Action):
    def name(self) -> str:
        return "action_meeting_cancel"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.start_cancel(session, who, text, utcnow())


class ActionMeetingRsvpList(_Command, Action):
    def name(self) -> str:
        return "action_meeting_rsvp_list"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.rsvp_list(session, who, text, utcnow())


class ActionMeetingAttendance(_Command, Action):
    def name(self) -> str:
        return "action_meeting_attendance"

    def handle(self, session: Session, who: Identity, text: str) -> Outcome:
        return chat.attendance(session, who, text, utcnow())
