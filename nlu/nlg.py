"""Rasa names the responses of a turn; the web app renders them after Rasa answers.

Rasa's callback NLG made Rasa call back into the web app for every response while
the webhook that started the turn held one of the app's threads waiting for Rasa:
under load the callbacks queued behind the requests that waited for them, and
throughput collapsed (issue 13). This generator keeps Rasa self-contained: each
response leaves Rasa as `{"custom": {"response": name, "arguments": {...}}}` in the
REST channel's answer, and bot/rendering.py turns it into her language's text.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

# The dispatcher's values that a text may use; anything else (buttons, images) travels as Rasa sends it.
_PLAIN = (str, int, float, bool)


class PassThroughNLG(NaturalLanguageGenerator):
    """endpoints.yml: `nlg: {type: nlu.nlg.PassThroughNLG}`."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        self.endpoint_config = endpoint_config

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        arguments = {k: v for k, v in kwargs.items() if isinstance(v, _PLAIN)}
        return {"custom": {"response": utter_action, "arguments": arguments}}
