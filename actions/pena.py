"""The PENA questionnaire: a Rasa form that asks only what the roster does not know."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import turn_of
from actions.common import ANSWER_INTENTS, asked_and_answered, say
from actions.questions import PAUSED, FormQuestion
from bot.knowledge import pena_chat
from bot.knowledge.pena import parse_age, yes_or_no
from nlu.keywords import is_question
from nlu.money import has_certain_amount

SLOTS = ("pena_age", "pena_business", "pena_willing", "pena_vulnerable")


class ActionPenaStart(Action):
    def name(self) -> str:
        return "action_pena_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        if tracker.get_slot(PAUSED) == "pena_form":
            # She asks again after stepping out: go on with the answers she already gave.
            return [SlotSet(PAUSED, None), SlotSet("requested_slot", None)]
        with turn_of(tracker) as turn:
            known = pena_chat.known_answers(turn.session, turn.who, turn.today)
        dispatcher.utter_message(response="utter_pena_intro")
        return [SlotSet(slot, known.get(slot)) for slot in SLOTS]


class ValidatePenaForm(FormValidationAction):
    """Only an answer to the question asked fills its slot.

    A valid answer fills it; an invalid one meant as an answer is asked again (slot set to
    None); anything else (a question, a sale, "menu", "batal") fills nothing, so Rasa
    rejects the form's turn and the other rules handle it (actions/questions.py).
    """

    def name(self) -> str:
        return "validate_pena_form"

    def extract_pena_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "pena_age":
            return {}
        said = str(tracker.latest_message.get("text") or "")
        # "27 tahun" is her age whatever the classifier made of it; "laku 50rb" is money, not an age.
        age = None if has_certain_amount(said) else parse_age(said)
        if age is not None:
            return {"pena_age": age}
        if asked_and_answered(tracker, "pena_age", ANSWER_INTENTS) is None:
            return {}
        dispatcher.utter_message(response="utter_pena_age_invalid")
        return {"pena_age": None}

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
        if text is None:
            return {}
        return {"pena_business": "" if yes_or_no(text) is False else text.strip()}

    def _extract_yes_no(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        text = asked_and_answered(tracker, slot, ANSWER_INTENTS)
        if text is None:
            return {}
        answer = yes_or_no(text)
        if answer is None:
            dispatcher.utter_message(response="utter_pena_yes_no")
        return {slot: answer}

    def extract_pena_willing(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._extract_yes_no("pena_willing", dispatcher, tracker)

    def extract_pena_vulnerable(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        return self._extract_yes_no("pena_vulnerable", dispatcher, tracker)


class ActionPenaResult(Action):
    def name(self) -> str:
        return "action_pena_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        values = {slot: tracker.get_slot(slot) for slot in SLOTS}
        if tracker.get_slot(PAUSED) or any(value is None for value in values.values()):
            return []  # the form stopped for another request, not because it is complete
        with turn_of(tracker) as turn:
            outcome = pena_chat.result(
                turn.session,
                turn.who,
                int(values["pena_age"]),
                values["pena_business"] or None,
                bool(values["pena_willing"]),
                bool(values["pena_vulnerable"]),
            )
        say(dispatcher, outcome.says)
        return [SlotSet(slot, None) for slot in SLOTS]


class ActionAskPenaAge(FormQuestion, Action):
    form, slot = "pena_form", "pena_age"


class ActionAskPenaBusiness(FormQuestion, Action):
    form, slot = "pena_form", "pena_business"


class ActionAskPenaWilling(FormQuestion, Action):
    form, slot = "pena_form", "pena_willing"


class ActionAskPenaVulnerable(FormQuestion, Action):
    form, slot = "pena_form", "pena_vulnerable"
