"""A knowledge answer as she reads it."""

from __future__ import annotations

from bot.i18n import gettext
from bot.knowledge.content import load, next_key
from bot.replies import MORE_HINT, UnknownResponse
from bot.roster.identity import Identity


def knowledge_answer(key: str, who: Identity) -> str:
    entry = load().get(key)
    if entry is None:
        raise UnknownResponse(key)
    text = entry.text(who.language)
    if next_key(key):
        text += "\n\n" + gettext(MORE_HINT, who.language)
    return text
