"""What a domain service answers a turn with: responses by name, rendered later for her.

Services return these plain values; actions send them and the web app renders
them (bot/replies.py), so no domain needs to know how text reaches WhatsApp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Say:
    """One response to send: its name (rendered in her language) and the values it needs."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    image: str | None = None


@dataclass
class Outcome:
    """What a service answers a turn with, for the actions to send."""

    says: list[Say]
    # What waits for her yes/no (stored in a Rasa slot between turns), or None.
    pending: dict[str, Any] | None = None
