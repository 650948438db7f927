"""Her reply language: what she asks for, else what her first messages are written in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.roster.identity import get_contact
from bot.understanding.language import guess_language, language_request

# Only the first few messages decide the language by themselves.
GUESS_WITHIN = 3


def update_language(session: Session, phone: str, text: str, seen: int) -> str | None:
    """Apply a request ('ganti bahasa sunda') or a first-message guess; return the language if she asked.

    seen: how many messages she has sent us, this one included.
    """
    contact = get_contact(session, phone)
    asked = language_request(text)
    if asked:
        contact.language, contact.language_source = asked, "user"
        return asked
    if contact.language_source == "user":
        return None
    if seen <= GUESS_WITHIN:
        guessed = guess_language(text)
        if guessed:
            contact.language, contact.language_source = guessed, "auto"
    return None
