"""The web app alone (no Rasa running): signature checks and saving before answering."""

from __future__ import annotations

import dataclasses

import pytest
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


def _post(client, settings: Settings, form: dict[str, str]):  # type: ignore[no-untyped-def]
    url = settings.public_base_url + "/webhooks/whatsapp"
    sig = compute_signature(settings.twilio_auth_token, url, form.items())
    return client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": sig})


@pytest.mark.parametrize(
    ("num_media", "stored"), [("2", 2), (" 1 ", 1), ("", 0), ("abc", 0), ("²", 0), ("-1", 0), ("9" * 5000, 0)]
)
def test_a_malformed_optional_field_counts_as_absent_never_a_500(
    settings: Settings, num_media: str, stored: int
) -> None:
    client = _app(settings).test_client()
    form = inbound_form(settings, "+6281220000009", "", media=[("https://api.twilio.com/x/Media/ME1", "image/jpeg")])
    form["NumMedia"] = num_media
    resp = _post(client, settings, form)
    assert resp.status_code == 200
    (text,) = twiml_messages(resp.get_data(as_text=True))
    assert "tulis pesannya sebagai teks" in text
    with session_scope(settings.database_url) as session:
        row = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == form["MessageSid"]))
        assert row is not None and row.num_media == stored


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"MessageSid": "", "SmsMessageSid": ""}, "MessageSid missing"),
        ({"From": "whatsapp:halo"}, "From is not a phone number"),
        ({"From": ""}, "From is not a phone number"),
    ],
)
def test_a_message_without_sid_or_phone_number_is_refused_with_400(
    settings: Settings, change: dict[str, str], reason: str
) -> None:
    client = _app(settings).test_client()
    form = {**inbound_form(settings, "+6281220000009", "halo"), **change}
    resp = _post(client, settings, form)
    assert (resp.status_code, resp.get_data(as_text=True)) == (400, reason)
    with session_scope(settings.database_url) as session:
        assert session.scalar(select(InboundMessage)) is None
