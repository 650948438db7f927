"""The PENA questionnaire: a Rasa form that asks only what the roster does not know."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ANSWER_INTENTS, asked_and_answered, is_question, other_request, say, settings, today
from bot.db import session_scope
from bot.knowledge import pena_chat
from bot.knowledge.pena import parse_age, yes_or_no
from bot.roster.identity import identify

SLOTS = ("pena_age", "pena_business", "pena_willing", "pena_vulnerable")


class ActionPenaStart(Action):
    def name(self) -> str:
        return "action_pena_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            known = pena_chat.known_answers(session, who, today())
        dispatcher.utter_message(response="utter_pena_intro")
        return [SlotSet(slot, known.get(slot)) for slot in SLOTS]


class ValidatePenaForm(FormValidationAction):
    """Only a valid answer to the question asked fills a slot; anything else is left to the other rules.

    When nothing is filled, Rasa rejects the form's turn, so a question, a sale or "menu" is
    handled as if no form were open, and the form asks its question again afterwards.
    """

    def name(self) -> str:
        return "validate_pena_form"

    def extract_pena_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = asked_and_answered(tracker, "pena_age", ANSWER_INTENTS)
        age = parse_age(text) if text is not None else None
        if text is not None and age is None and not other_request(tracker):
            dispatcher.utter_message(response="utter_pena_age_invalid")
        return {"pena_age": age} if age is not None else {}

    def extract_pena_business(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        # Her business in her words ("jualan gorengan" reads like a sale), or "belum" for none.
        text = asked_and_answered(tracker, "pena_business", ANSWER_INTENTS | {"record_sale"})
        if text is None and tracker.get_slot("requested_slot") == "pena_business":
            # "jahit baju" may read like a knowledge topic; only a question is one.
            said = str(tracker.latest_message.get("text") or "")
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            text = said if intent == "faq" and not is_question(said) else None
        return {"pena_business": text} if text is not None else {}

    def _extract_yes_no(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        text = asked_and_answered(tracker, slot, ANSWER_INTENTS)
        answer = yes_or_no(text) if text is not None else None
        if text is not None and answer is None and not other_request(tracker):
            dispatcher.utter_message(response="utter_pena_yes_no")
        return {slot: answer} if answer is not None else {}

    def extract_pena_willing(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._extract_yes_no("pena_willing", dispatcher, tracker)

    def extract_pena_vulnerable(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._extract_yes_no("pena_vulnerable", dispatcher, tracker)

    def validate_pena_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        age = value if isinstance(value, int) else parse_age(str(value))
        if age is None:
            dispatcher.utter_message(response="utter_pena_age_invalid")
        return {"pena_age": age}

    def validate_pena_business(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value).strip()
        # "belum" / "tidak" means no business; anything else is her business in her words.
        return {"pena_business": "" if yes_or_no(text) is False else text}

    def _yes_no(self, slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        answer = value if isinstance(value, bool) else yes_or_no(str(value))
        if answer is None:
            dispatcher.utter_message(response="utter_pena_yes_no")
        return {slot: answer}

    def validate_pena_willing(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._yes_no("pena_willing", value, dispatcher)

    def validate_pena_vulnerable(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._yes_no("pena_vulnerable", value, dispatcher)


class ActionPenaResult(Action):
    def name(self) -> str:
        return "action_pena_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        values = {slot: tracker.get_slot(slot) for slot in SLOTS}
        with session_scope(settings().database_url) as session:
            who = identify(session, tracker.sender_id)
            outcome = pena_chat.result(
                session,
                who,
                int(values["pena_age"]),
                values["pena_business"] or None,
                bool(values["pena_willing"]),
                bool(values["pena_vulnerable"]),
            )
        say(dispatcher, outcome.says)
        return [SlotSet(slot, None) for slot in SLOTS]
