"""Twilio's inbound-message webhook and status callback."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.i18n import gettext
from bot.messaging import inbound, questions
from bot.messaging.conversation import answer_now, audience_for, reply_for_webhook
from bot.messaging.inbound import InboundForm
from bot.messaging.models import OutboxMessage
from bot.messaging.text import Reply, twiml
from bot.privacy import consent
from bot.replies import LANGUAGE_NAME, render
from bot.roster.identity import identify, opt_out
from bot.roster.language import update_language
from bot.roster.phone import InvalidPhone, normalize_phone
from bot.web.twilio_auth import twilio_signed

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/whatsapp")

OPT_OUT_ERROR = "21610"
# Past this a "count" is no number Twilio sends, and may not fit the column.
MAX_COUNT_DIGITS = 9


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _xml(reply: Reply | None) -> Response:
    return Response(twiml(reply), mimetype="application/xml")


def _count(value: str | None) -> int:
    """Twilio sends digits; anything else a sender could forge counts as none, never an HTTP 500."""
    text = (value or "").strip()
    return int(text) if text.isdecimal() and len(text) <= MAX_COUNT_DIGITS else 0


@bp.post("")
@twilio_signed
def inbound_message() -> Response | tuple[str, int]:
    settings = _settings()
    sid = request.form.get("MessageSid") or request.form.get("SmsMessageSid")
    if not sid:
        return "MessageSid missing", 400
    try:
        phone = normalize_phone(request.form.get("From", ""))
    except InvalidPhone:
        return "From is not a phone number", 400
    form = InboundForm(
        message_sid=sid,
        phone=phone,
        body=(request.form.get("Body") or "").strip(),
        num_media=_count(request.form.get("NumMedia")),
        profile_name=request.form.get("ProfileName"),
    )
    with session_scope(settings.database_url) as session:
        row, is_new = inbound.record_inbound(session, form)
        row_id, earlier, via = row.id, inbound.stored_reply(row), row.reply_via
        who = identify(session, phone)
        consent_response = consent.handle(session, phone, form.body, utcnow()) if is_new and form.body else None
        switched = (
            update_language(session, phone, form.body, inbound.count_from(session, phone))
            if is_new and form.body and not consent_response
            else None
        )
    if not is_new:
        # Twilio or a proxy repeated the request: same answer, no second processing.
        return _xml(earlier if via == "twiml" else None)
    if consent_response:
        reply = Reply(render(consent_response, who))
        if consent_response != "utter_consent_deleted":  # erased with everything else of hers, Rasa's tracker too
            # Consent closed or replaced her open question; a Rasa form she was in ends too.
            questions.end_forms(settings, phone)
            answer_now(settings, row_id, reply)
        return _xml(reply)
    if switched:
        who = audience_for(settings, phone)
        name = gettext(LANGUAGE_NAME[switched], switched)
        reply = Reply(render("utter_language_set", who, language=name))
        answer_now(settings, row_id, reply)
        return _xml(reply)
    if not form.body:
        reply = Reply(render("utter_media_only", audience_for(settings, phone)))
        answer_now(settings, row_id, reply)
        return _xml(reply)
    return _xml(reply_for_webhook(settings, row_id, phone))


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
