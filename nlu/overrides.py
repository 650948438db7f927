"""Rules after the classifier, for what a rule knows better than a model.

- A P2K2 session named by its number ("sesi 6", "pertemuan ke-8", "materi
  kelima", "sesi tilu welas") is that session's entry: a classifier sees the
  words around the number, not the number.
- Money first: an amount with a clear sale or spending word is bookkeeping,
  never a knowledge article or a summary; the ledger action re-reads the text
  and asks "penjualan atau belanja?" when the kind is unclear.
- The resource map answers where to get help for a business: a message the
  classifier reads as that but which names no help at all ("mau ngelamar kerja
  dimana") is given the next intent, and the fallback judges its confidence.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.classifier import set_entry
from nlu.components import RuleComponent, set_intent
from nlu.cues import money_intent
from nlu.help_words import asks_for_help
from nlu.keywords import session_number

# Commands that may mention a session keep their intent ("undang Melati P2K2 sesi 6 Senin jam 9",
# "pertemuan ke-2 diundur"); anything else that names a session by number asks about it.
_COMMANDS = {
    "invite_meeting",
    "change_meeting",
    "cancel_meeting",
    "ask_attendance",
    "record_attendance",
    "rsvp",
    "nudges_off",
    "nudges_on",
    "ask_progress",
    "record_sale",
    "record_expense",
    "correct_last",
    "delete_last",
    "set_savings_goal",
    "record_saving",
    "ask_savings",
    "ask_summary",
    "ask_chart",
}
_SESSION_KEY = re.compile(r"^p2k2_s(\d+)_")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SessionByNumber(GraphComponent):
    """ "sesi 6 ttg apa" -> faq/p2k2_s6_...: the entry keys come from the training data (data/knowledge)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"retrieval_intent": "faq"}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource, keys: dict[int, str]) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource, self.keys = storage, resource, keys

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SessionByNumber:
        return cls(config, model_storage, resource, {})

    def train(self, training_data: TrainingData) -> Resource:
        prefix = self.config["retrieval_intent"] + "/"
        for message in training_data.intent_examples:
            label = message.get(INTENT_RESPONSE_KEY) or ""
            match = _SESSION_KEY.match(label.removeprefix(prefix)) if label.startswith(prefix) else None
            if match:
                self.keys[int(match.group(1))] = label
        with self._storage.write_to(self._resource) as directory:
            (directory / "sessions.json").write_text(json.dumps(self.keys))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SessionByNumber:
        try:
            with model_storage.read_from(resource) as directory:
                keys = {int(k): v for k, v in json.loads((directory / "sessions.json").read_text()).items()}
        except ValueError:
            keys = {}
        return cls(config, model_storage, resource, keys)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            number = session_number(message.get(TEXT) or "") if intent not in _COMMANDS else None
            label = self.keys.get(number) if number is not None else None
            if label is None:
                continue
            set_intent(message, self.config["retrieval_intent"])
            set_entry(message, self.config["retrieval_intent"], [(label, 1.0)])
        return messages


# Intents that legitimately carry an amount without being a sale or a purchase of hers.
_KEEPS_ITS_AMOUNT = {
    "record_sale",
    "record_expense",
    "correct_last",
    "delete_last",
    "set_savings_goal",
    "record_saving",
    "invite_meeting",
    "change_meeting",
    "cancel_meeting",
    "record_attendance",
    "choose_option",
}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MoneyFirst(RuleComponent):
    """An amount plus a clear sale or spending word is recorded, whatever else the message asks."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent in _KEEPS_ITS_AMOUNT:
                continue
            wanted = money_intent(message.get(TEXT) or "")
            if wanted:
                set_intent(message, wanted)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ResourceNeedsAHelpWord(RuleComponent):
    """The resource map's intent only for a message that names help for a business (a kind such as
    pelatihan, modal, PIRT, or help in general: nlu/help_words.py). Its many "di mana / di dekat sini"
    examples would otherwise pull in any where-question. Runs before FallbackClassifier, so the
    next intent in the ranking takes its place with its own confidence."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "ask_local_resource"}

    def process(self, messages: list[Message]) -> list[Message]:
        name = {**self.get_default_config(), **self.config}["intent"]
        for message in messages:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != name or asks_for_help(message.get(TEXT) or ""):
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
            top = ranking[0] if ranking else {INTENT_NAME_KEY: None, "confidence": 0.0}
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
