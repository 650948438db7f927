"""Talk to the webhook exactly as Twilio would: same fields, same signature.

Used by the terminal chat (devtools/chat.py), the end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET

import requests

from bot.config import Settings
from bot.messaging.signature import compute_signature


def new_message_sid() -> str:
    return "SM" + secrets.token_hex(16)


def inbound_form(
    settings: Settings,
    phone: str,
    body: str,
    *,
    sid: str | None = None,
    profile_name: str = "",
    media: list[tuple[str, str]] | None = None,
) -> dict[str, str]:
    """The form Twilio posts for a WhatsApp message from `phone` (E.164)."""
    form = {
        "SmsMessageSid": sid or new_message_sid(),
        "NumMedia": str(len(media or [])),
        "ProfileName": profile_name,
        "SmsSid": "",
        "WaId": phone.lstrip("+"),
        "SmsStatus": "received",
        "Body": body,
        "To": settings.twilio_whatsapp_from,
        "NumSegments": "1",
        "MessageType": "image" if media else "text",
        "ReferralNumMedia": "0",
        "MessageSid": "",
        "AccountSid": settings.twilio_account_sid,
        "From": f"whatsapp:{phone}",
        "ApiVersion": "2010-04-01",
    }
    form["MessageSid"] = form["SmsSid"] = form["SmsMessageSid"]
    for i, (url, content_type) in enumerate(media or []):
        form[f"MediaUrl{i}"], form[f"MediaContentType{i}"] = url, content_type
    return form


def signed_headers(settings: Settings, url: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": compute_signature(settings.twilio_auth_token, url, form.items())}


def post_signed(
    settings: Settings, base_url: str, path: str, form: dict[str, str], timeout: float = 20
) -> requests.Response:
    """POST to the webhook at base_url, signed over the URL Twilio would have called."""
    signed_base = settings.public_base_url or base_url
    headers = signed_headers(settings, signed_base.rstrip("/") + path, form)
    return requests.post(base_url.rstrip("/") + path, data=form, headers=headers, timeout=timeout)


def twiml_messages(xml_text: str) -> list[str]:
    """The message bodies a TwiML answer carries, in order."""
    root = ET.fromstring(xml_text)
    return [m.findtext("Body") or m.text or "" for m in root.iter("Message")]


def twiml_media(xml_text: str) -> list[str]:
    """The picture URLs a TwiML answer carries."""
    return [m.text or "" for m in ET.fromstring(xml_text).iter("Media")]
