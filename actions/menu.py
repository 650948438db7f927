from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import turn_of
from actions.common import last_bot_message, say, settings
from actions.ledger import LEDGER
from actions.questions import PAUSED, resume
from bot.knowledge.content import key_from_response, next_key, response_name
from bot.ledger import chat
from bot.meetings import chat as meetings
from bot.menu import response_for_choice
from bot.outcome import Outcome
from nlu.keywords import menu_choice, wants_more, yes_no

# "lanjut cek PENA", "iya terusin", "continue": she takes up the form she stepped out of.
CARRY_ON = re.compile(r"\b(lanjut\w*|terus\w*|teras\w*|continue|go on)\b")


class ActionShortAnswer(Action):
    """'1', 'ya', 'bukan', 'muhun': read by keyword, and meant for whatever we asked last.

    A pending ledger question takes the answer first; otherwise a number picks from the menu.
    """

    def name(self) -> str:
        return "action_short_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        number, answer = menu_choice(text), yes_no(text)
        if tracker.get_slot(PAUSED) and (answer is not None or wants_more(text) or CARRY_ON.search(text.lower())):
            if answer is False:
                dispatcher.utter_message(response="utter_question_dropped")
                return [SlotSet(PAUSED, None)]
            resumed = resume(tracker)
            if resumed is not None:
                return resumed
        choice = str(number) if number is not None else {True: "yes", False: "no"}.get(answer, "")
        if choice:
            with turn_of(tracker) as turn:
                pending = turn.waiting(LEDGER)
                outcome = chat.answer_pending(turn.session, turn.who, pending, choice, turn.today) if pending else None
                if outcome is not None:
                    turn.remember(LEDGER, outcome.pending)
            if outcome is not None:
                say(dispatcher, outcome.says)
                return []
        meeting_outcome = self._meeting_answer(tracker, text, answer)
        if meeting_outcome is not None:
            say(dispatcher, meeting_outcome.says)
            return []
        if wants_more(text) or (answer is True and last_knowledge_key(tracker)):
            key = last_knowledge_key(tracker)
            following = next_key(key) if key else None
            if following:
                dispatcher.utter_message(response=response_name(following))
                return []
        if number is not None:
            response = response_for_choice(number)
            if response is None:
                dispatcher.utter_message(response="utter_invalid_option", number=text.strip()[:10])
            else:
                dispatcher.utter_message(response=response)
            return []
        dispatcher.utter_message(response="utter_nothing_pending")
        return []

    @staticmethod
    def _meeting_answer(tracker: Tracker, text: str, answer: bool | None) -> Outcome | None:
        """A pendamping's yes/no to a read-back, or a KPM's answer to her invitation."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if answer is None and intent != "rsvp":
            return None
        with turn_of(tracker) as turn:
            session, who, now = turn.session, turn.who, turn.now
            if who.role == "pendamping" and answer is not None and meetings.has_draft(session, who, now):
                return meetings.answer_draft(session, settings(), who, answer, now)
            if who.role != "kpm":
                return None
            if intent == "rsvp":
                return meetings.answer_invitation(session, who, text, now)
            invitation = meetings.open_invitation(session, who.phone, now)
            if invitation is None:
                return None
            # A bare "ya"/"tidak" is for the meeting if our last word to her was about it:
            # an invitation, change or reminder sent after the chat's last reply, or a reply about it.
            last_response, last_time = last_bot_message(tracker)
            notice = meetings.last_notice_at(session, invitation)
            if last_time > notice.timestamp() and not last_response.startswith("utter_meeting_rsvp"):
                return None
            return meetings.answer_invitation(session, who, text, now, coming=answer)


def last_knowledge_key(tracker: Tracker) -> str | None:
    """The knowledge entry of the assistant's latest reply, if that reply was a knowledge answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return key_from_response((event.get("metadata") or {}).get("utter_action") or "")
    return None
