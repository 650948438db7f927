"""Posting signed Twilio requests to the running stack, as a KPM's phone would."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from bot.config import ROOT
from devtools.runner import Stack, settings_env
from devtools.simulator import inbound_form, post_signed, twiml_messages


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


def flask_cli(stack: Stack, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`flask --app webhook ...` as a newcomer types it, against the running stack's database."""
    return _run(stack, [str(ROOT / ".venv" / "bin" / "flask"), "--app", "webhook", *args], stdin)


def chat_cli(stack: Stack, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m devtools.chat ...` (make chat) as the README shows it, against the running stack."""
    return _run(stack, [str(ROOT / ".venv" / "bin" / "python"), "-m", "devtools.chat", *args], stdin)


def _run(stack: Stack, argv: list[str], stdin: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=settings_env(stack.settings),
        timeout=120,
    )
