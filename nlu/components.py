"""Rasa 3 graph components: a tokenizer that normalises chat spelling, and a
keyword override for bare numbered answers. Listed in config.yml."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.keywords import menu_choice
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


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MenuChoiceClassifier(GraphComponent):
    """A message that is only a number ('2', 'no 3', 'hiji') is a menu choice, whatever DIET thinks."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "choose_option"}

    def __init__(self, config: dict[str, Any]) -> None:
        self.intent = config["intent"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MenuChoiceClassifier:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if menu_choice(text) is None:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self.intent]
            chosen = {"name": self.intent, "confidence": 1.0}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
