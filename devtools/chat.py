"""`make chat`: talk to the running assistant from the terminal, as Twilio would post it.

`python -m devtools.chat --phone 081234567890` (was `flask --app webhook chat`). It signs requests
as Twilio does, so it is dev tooling: the app's own CLI (bot/cli.py) must not import devtools/.
"""

from __future__ import annotations

import re
import sys
import time

import click
from sqlalchemy import select

from bot.config import Settings, load_settings
from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.roster.phone import InvalidPhone, normalize_phone
from devtools.simulator import inbound_form, post_signed, twiml_media, twiml_messages


def _whatsapp_style(text: str) -> str:
    """*bold* as the terminal's bold, the way WhatsApp shows it."""
    if not sys.stdout.isatty():
        return text
    return re.sub(r"\*([^*\n]+)\*", "\033[1m\\1\033[0m", text)


@click.command("chat")
@click.option("--phone", required=True, help="The WhatsApp number you pretend to be, e.g. 081234567890.")
@click.option("--url", default=None, help="The running web app (default http://127.0.0.1:$PORT).")
@click.option("--name", default="", help="WhatsApp profile name.")
@click.option("--wait", default=30.0, help="Seconds to wait for a late answer.")
def chat(phone: str, url: str | None, name: str, wait: float) -> None:
    """Chat with the running assistant from the terminal, signed exactly as Twilio signs."""
    settings = load_settings()
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc)) from exc
    base = url or f"http://127.0.0.1:{settings.port}"
    click.echo(f"Chatting as {e164} with {base}. Type a message; Ctrl-D to quit.")
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        started = time.time()
        form = inbound_form(settings, e164, text, profile_name=name)
        resp = post_signed(settings, base, "/webhooks/whatsapp", form)
        if resp.status_code != 200:
            click.echo(f"[webhook answered HTTP {resp.status_code}: {resp.text[:200]}]")
            continue
        replies = twiml_messages(resp.text) + [f"[picture: {url}]" for url in twiml_media(resp.text)]
        if not replies:
            replies = _late_replies(settings, form["MessageSid"], wait)
        for reply in replies:
            click.echo(_whatsapp_style(reply))
        click.echo(f"[{time.time() - started:.1f}s]\n")


def _late_replies(settings: Settings, sid: str, wait: float) -> list[str]:
    """An answer sent through the outbox instead of the webhook's reply."""
    from bot.messaging.models import InboundMessage

    deadline = time.time() + wait
    while time.time() < deadline:
        with session_scope(settings.database_url) as session:
            msg = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == sid))
            if msg is not None and msg.status == "answered":
                rows = session.scalars(
                    select(OutboxMessage).where(OutboxMessage.inbound_id == msg.id).order_by(OutboxMessage.id)
                ).all()
                return [(r.body or "") + (f"\n[picture: {r.media_url}]" if r.media_url else "") for r in rows] or [
                    msg.reply_text or ""
                ]
        time.sleep(0.5)
    return ["[no answer yet; it will be sent when the assistant is back]"]


if __name__ == "__main__":
    chat()
