"""One base for the actions: a turn opens a session, knows who she is, calls one service,
says its outcome and remembers the question it asks (bot/messaging/questions.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import identity, message_sid, say, settings, today
from bot.config import question_ttl
from bot.db import session_scope, utcnow
from bot.messaging import questions
from bot.outcome import Outcome
from bot.roster.identity import Identity


@dataclass
class Turn:
    """Her latest message as every action sees it."""

    session: Session
    who: Identity
    text: str
    sid: str
    tracker: Tracker

    @property
    def today(self) -> date:
        return today()

    @property
    def now(self) -> datetime:
        return utcnow()

    def waiting(self, purpose: str) -> dict[str, Any] | None:
        """The payload of the question of `purpose` we asked in our reply to her previous message."""
        asked = questions.waiting(self.session, self.who.phone, purpose, next_of=self.sid)
        return asked.payload if asked else None

    def remember(self, purpose: str, payload: dict[str, Any] | None) -> None:
        """Wait for her answer to `payload` (asked in this reply), or stop waiting if None."""
        if payload is None:
            questions.close(self.session, self.who.phone, purpose)
        else:
            questions.ask(self.session, self.who.phone, purpose, payload, ttl=question_ttl(), asked_in=self.sid)


@contextmanager
def turn_of(tracker: Tracker) -> Iterator[Turn]:
    with session_scope(settings().database_url) as session:
        yield Turn(
            session, identity(tracker), str(tracker.latest_message.get("text") or ""), message_sid(tracker), tracker
        )


class ServiceAction(Action, ABC):
    """One service call on her message. Abstract, so rasa-sdk registers only the concrete actions."""

    # The purpose of the question this action's outcome may ask (Outcome.pending), e.g. "ledger".
    asks: ClassVar[str | None] = None

    @abstractmethod
    def handle(self, turn: Turn) -> Outcome: ...

    def events(self, turn: Turn, outcome: Outcome) -> list[dict[str, Any]]:
        """Slots or loops the outcome sets in Rasa (forms only)."""
        return []

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        with turn_of(tracker) as turn:
            outcome = self.handle(turn)
            if self.asks:
                turn.remember(self.asks, outcome.pending)
            events = self.events(turn, outcome)
        say(dispatcher, outcome.says)
        return events
