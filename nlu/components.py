"""Rasa 3 graph components listed in config.yml: a tokenizer that normalises chat
spelling, a keyword reader for short answers, and the rupiah amount extractor."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.keywords import command_intent, menu_choice, wants_more, wants_to_cancel, yes_no
from nlu.money import AmountProblem, find_amounts
from nlu.normalize import normalize_token


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ChatTokenizer(WhitespaceTokenizer):
    """Whitespace tokens whose text is the normalised word ('brp' -> 'berapa').

    Offsets still point into the original message, so entity annotations and
    extractors keep working on what the user actually wrote.
    """

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            normal = normalize_token(token.text)
            token.set("original", token.text)
            token.text = normal
            token.lemma = normal
        return tokens


def set_intent(message: Message, name: str) -> None:
    """A rule's decision: `name` with confidence 1.0, ahead of what the classifier ranked."""
    chosen = {"name": name, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)


class RuleComponent(GraphComponent):
    """A component with nothing to train: built from its config, the same at training and prediction."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleComponent:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class KeywordIntentClassifier(RuleComponent):
    """Bare short answers are read by keyword, whatever the classifier thinks: a model is
    easily wrong on '1', 'ya' or 'muhun'. Numbers -> choose_option, yes -> affirm, no -> deny,
    "batal"/"ga jadi" -> cancel; meeting commands and invitation answers by their leading words
    (nlu.keywords.command_intent)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "choice_intent": "choose_option",
            "yes_intent": "affirm",
            "no_intent": "deny",
            "more_intent": "ask_more",
            "cancel_intent": "cancel",
        }

    def _intent_for(self, text: str) -> str | None:
        if wants_to_cancel(text):
            return self.config["cancel_intent"]
        if menu_choice(text) is not None:
            return self.config["choice_intent"]
        if wants_more(text):
            return self.config["more_intent"]
        answer = yes_no(text)
        if answer is None:
            return command_intent(text)
        return self.config["yes_intent"] if answer else self.config["no_intent"]

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = self._intent_for(message.get(TEXT) or "")
            if intent is not None:
                set_intent(message, intent)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class AmountExtractor(RuleComponent):
    """Rupiah amounts as `amount` entities (integer value), read by nlu/money.py."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            try:
                amounts = find_amounts(text)
            except AmountProblem:
                continue
            entities = list(message.get(ENTITIES) or [])
            entities += [
                {
                    "entity": "amount",
                    "value": a.value,
                    "start": a.start,
                    "end": a.end,
                    "confidence": 1.0 if a.certain else 0.5,
                    "extractor": "AmountExtractor",
                }
                for a in amounts
            ]
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
