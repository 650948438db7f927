"""The texts of a turn: Rasa names each response (nlu/nlg.py), we render it for this person.

Used by the inbound pipeline on Rasa's answer, and by the NLG endpoint for anyone who runs
Rasa with the callback generator instead.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.knowledge.answers import knowledge_answer
from bot.knowledge.content import key_from_response
from bot.messaging.text import Reply, join_texts
from bot.replies import UnknownResponse, render
from bot.roster.identity import Identity
from nlu.keywords import is_salam

log = logging.getLogger(__name__)

ALIASES = {"utter_default": "utter_fallback"}


def render_response(name: str, arguments: dict[str, Any], who: Identity, user_text: str) -> str:
    """One response in her language; a response that cannot be rendered becomes the kind fallback."""
    name = ALIASES.get(name, name)
    values = {k: v for k, v in arguments.items() if isinstance(v, str | int | float)}
    if name == "utter_greet":
        values["salam"] = is_salam(user_text)
    key = key_from_response(name)
    try:
        return knowledge_answer(key, who) if key else render(name, who, **values)
    except (UnknownResponse, KeyError, IndexError):
        log.exception("cannot render response %r", name)
        return render("utter_fallback", who)


def render_turn(messages: list[dict[str, Any]], who: Identity, user_text: str) -> Reply:
    """Rasa's REST answer as one reply: the texts in order, joined, and the pictures."""
    texts: list[str] = []
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("response"), str):
            texts.append(render_response(custom["response"], dict(custom.get("arguments") or {}), who, user_text))
        elif message.get("text"):
            texts.append(str(message["text"]))
    return Reply(join_texts(texts), tuple(str(m["image"]) for m in messages if m.get("image")))
