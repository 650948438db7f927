"""The dashboard's sign-in link: one thin action over bot/signin/links.py."""

from __future__ import annotations

from actions.base import ServiceAction, Turn
from actions.common import settings
from bot.outcome import Outcome
from bot.signin import links


def base_url() -> str:
    """Where the link points: the public address, or this machine's web port when there is none."""
    current = settings()
    return current.public_base_url or f"http://localhost:{current.port}"


class ActionDashboardLink(ServiceAction):
    def name(self) -> str:
        return "action_dashboard_link"

    def handle(self, turn: Turn) -> Outcome:
        return links.request_link(turn.session, turn.who, base_url(), turn.now)
