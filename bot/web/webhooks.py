"""Twilio's inbound-message webhook and status callback.

The webhook reads Twilio's form once, here at the edge, and renders what the inbound
pipeline (bot/pipeline.py) answers as TwiML; everything in between is the pipeline's.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, current_app, request
from sqlalchemy import select

from bot import pipeline
from bot.config import Settings
from bot.db import session_scope
from bot.messaging.inbound import InboundForm
from bot.messaging.models import OutboxMessage
from bot.messaging.text import Reply, twiml
from bot.privacy import consent
from bot.roster.identity import opt_out
from bot.roster.phone import InvalidPhone, normalize_phone
from bot.web.twilio_auth import twilio_signed

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/whatsapp")

OPT_OUT_ERROR = "21610"
# Past this a "count" is no number Twilio sends, and may not fit the column.
MAX_COUNT_DIGITS = 9


class Malformed(ValueError):
    """A field we cannot do without is missing or unreadable: HTTP 400."""


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _xml(reply: Reply | None) -> Response:
    return Response(twiml(reply), mimetype="application/xml")


def _count(value: str | None) -> int:
    """Twilio sends digits; anything else a sender could forge counts as none, never an HTTP 500."""
    text = (value or "").strip()
    return int(text) if text.isdecimal() and len(text) <= MAX_COUNT_DIGITS else 0


def parse_form(form: Mapping[str, str]) -> InboundForm:
    """The fields we use, read once; a malformed optional field counts as absent."""
    sid = form.get("MessageSid") or form.get("SmsMessageSid")
    if not sid:
        raise Malformed("MessageSid missing")
    try:
        phone = normalize_phone(form.get("From", ""))
    except InvalidPhone:
        raise Malformed("From is not a phone number") from None
    return InboundForm(
        message_sid=sid,
        phone=phone,
        body=(form.get("Body") or "").strip(),
        num_media=_count(form.get("NumMedia")),
        profile_name=form.get("ProfileName"),
    )


@bp.post("")
@twilio_signed
def inbound_message() -> Response | tuple[str, int]:
    try:
        message = parse_form(request.form)
    except Malformed as exc:
        return str(exc), 400
    return _xml(pipeline.receive(_settings(), message))


@bp.post("/status")
@twilio_signed
def status_callback() -> tuple[str, int]:
    settings = _settings()
    sid = request.form.get("MessageSid", "")
    status = request.form.get("MessageStatus", "")
    error = request.form.get("ErrorCode") or None
    with session_scope(settings.database_url) as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid))
        if row is None:
            return "", 204
        if status:
            row.status = status
        if error:
            row.error_code = error
            row.error_message = request.form.get("ErrorMessage") or row.error_message
        if error == OPT_OUT_ERROR:
            opt_out(session, row.phone, "Twilio 21610: penerima berhenti berlangganan")
        consent.delivery_status(session, row.phone, status)
    return "", 204
