from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import say, settings, today
from actions.ledger import PENDING
from bot.db import session_scope
from bot.knowledge.content import key_from_response, next_key, response_name
from bot.ledger import chat
from bot.menu import response_for_choice
from bot.roster.identity import identify
from nlu.keywords import menu_choice, wants_more, yes_no


class ActionShortAnswer(Action):
    """'1', 'ya', 'bukan', 'muhun': read by keyword, and meant for whatever we asked last.

    A pending ledger question takes the answer first; otherwise a number picks from the menu.
    """

    def name(self) -> str:
        return "action_short_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        number, answer = menu_choice(text), yes_no(text)
        pending = tracker.get_slot(PENDING)
        if pending:
            choice = str(number) if number is not None else {True: "yes", False: "no"}.get(answer, "")
            if choice:
                with session_scope(settings().database_url) as session:
                    who = identify(session, tracker.sender_id)
                    outcome = chat.answer_pending(session, who, pending, choice, today())
                say(dispatcher, outcome.says)
                return [SlotSet(PENDING, outcome.pending)]
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


def last_knowledge_key(tracker: Tracker) -> str | None:
    """The knowledge entry of the assistant's latest reply, if that reply was a knowledge answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return key_from_response((event.get("metadata") or {}).get("utter_action") or "")
    return None
