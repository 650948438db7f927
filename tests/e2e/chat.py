"""Posting signed Twilio requests to the running stack, as a KPM's phone would."""

from __future__ import annotations

from dataclasses import dataclass

from bot.runner import Stack
from bot.simulator import inbound_form, post_signed, twiml_messages


@dataclass
class Reply:
    status: int
    texts: list[str]
    sid: str

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def say(
    stack: Stack, phone: str, body: str, *, sid: str | None = None, media: list[tuple[str, str]] | None = None
) -> Reply:
    form = inbound_form(stack.settings, phone, body, sid=sid, media=media)
    resp = post_signed(stack.settings, f"http://127.0.0.1:{stack.settings.port}", "/webhooks/whatsapp", form)
    texts = twiml_messages(resp.text) if resp.status_code == 200 else []
    return Reply(resp.status_code, texts, form["MessageSid"])
