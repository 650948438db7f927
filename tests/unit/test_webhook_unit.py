"""The web app alone (no Rasa running): signature checks and saving before answering."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from bot import create_app
from bot.config import Settings
from bot.db import session_scope
from bot.messaging.models import InboundMessage
from bot.messaging.signature import compute_signature
from devtools.simulator import inbound_form, twiml_messages
from devtools.stack import free_port


def _app(settings: Settings):  # type: ignore[no-untyped-def]
    # Nothing listens on these ports: Rasa is "down".
    return create_app(dataclasses.replace(settings, rasa_port=free_port(), actions_port=free_port()))


def test_signature_over_forwarded_host_is_accepted_behind_a_proxy(settings: Settings) -> None:
    settings = dataclasses.replace(settings, public_base_url=None)
    client = _app(settings).test_client()
    form = inbound_form(settings, "+6281220000009", "halo")
    url_twilio_called = "https://bot.example.id/webhooks/whatsapp"
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "bot.example.id",
        "X-Twilio-Signature": compute_signature(settings.twilio_auth_token, url_twilio_called, form.items()),
    }
    resp = client.post("/webhooks/whatsapp", data=form, headers=headers, base_url="http://10.1.2.3:5000")
    assert resp.status_code == 200
    # Signed over the internal URL instead: refused.
    headers["X-Twilio-Signature"] = compute_signature(
        settings.twilio_auth_token, "http://10.1.2.3:5000/webhooks/whatsapp", form.items()
    )
    form["MessageSid"] = "SM" + "f" * 32
    resp = client.post("/webhooks/whatsapp", data=form, headers=headers, base_url="http://10.1.2.3:5000")
    assert resp.status_code == 403


def test_message_is_saved_and_kindly_acknowledged_when_rasa_is_down(settings: Settings) -> None:
    client = _app(settings).test_client()
    form = inbound_form(settings, "+6281220000009", "apa itu p2k2")
    url = settings.public_base_url + "/webhooks/whatsapp"
    sig = compute_signature(settings.twilio_auth_token, url, form.items())
    resp = client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": sig})
    assert resp.status_code == 200
    assert resp.mimetype == "application/xml"
    (text,) = twiml_messages(resp.get_data(as_text=True))
    assert "sudah kami terima dan tersimpan" in text
    with session_scope(settings.database_url) as session:
        row = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == form["MessageSid"]))
        assert row is not None and row.status == "pending" and row.phone == "+6281220000009"


def test_language_switch_is_answered_by_the_web_app_in_the_new_language(settings: Settings) -> None:
    from bot.roster.models import Contact

    client = _app(settings).test_client()
    url = settings.public_base_url + "/webhooks/whatsapp"

    def send(text: str) -> str:
        form = inbound_form(settings, "+6281220000009", text)
        sig = compute_signature(settings.twilio_auth_token, url, form.items())
        resp = client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": sig})
        return twiml_messages(resp.get_data(as_text=True))[0]

    assert "English" in send("english please")
    with session_scope(settings.database_url) as session:
        contact = session.get(Contact, "+6281220000009")
        assert contact is not None and (contact.language, contact.language_source) == ("en", "user")
    # Rasa is down here: the kind "saved" answer now comes in English too.
    assert "saved" in send("apa itu p2k2").lower()
    assert "basa Sunda" in send("ganti bahasa sunda")
