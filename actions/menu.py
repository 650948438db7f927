from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.menu import response_for_choice
from nlu.keywords import menu_choice


class ActionChooseOption(Action):
    """A numbered answer, read by keyword from what she wrote (not from DIET)."""

    def name(self) -> str:
        return "action_choose_option"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        number = menu_choice(text)
        response = response_for_choice(number) if number is not None else None
        if response is None:
            dispatcher.utter_message(response="utter_invalid_option", number=text.strip()[:10])
        else:
            dispatcher.utter_message(response=response)
        return []
