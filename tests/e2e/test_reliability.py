"""Nothing lost, nothing twice, nothing forged: the webhook and outbox under trouble."""

from __future__ import annotations

import subprocess

import pytest
import requests
from sqlalchemy import func, select

from bot.db import session_scope
from bot.ledger.models import LedgerEntry
from bot.messaging import outbox
from bot.messaging.models import InboundMessage, OutboxMessage
from bot.messaging.signature import compute_signature
from bot.roster.models import Contact
from devtools.runner import Stack
from devtools.simulator import inbound_form
from tests.e2e.chat import say
from tests.helpers import eventually
from tests.twilio_proxy import TwilioProxy

pytestmark = pytest.mark.e2e


def webhook_url(stack: Stack, path: str = "/webhooks/whatsapp") -> str:
    return f"http://127.0.0.1:{stack.settings.port}{path}"


def count(stack: Stack, model: type, **where: object) -> int:
    with session_scope(stack.settings.database_url) as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return session.scalar(query) or 0


def outbox_row(stack: Stack, **where: object) -> OutboxMessage | None:
    with session_scope(stack.settings.database_url) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
        for key, value in where.items():
            query = query.where(getattr(OutboxMessage, key) == value)
        return session.scalars(query).first()


@pytest.mark.parametrize("how", ["unsigned", "wrong token", "tampered body", "signed for another URL"])
def test_forged_requests_are_refused_and_leave_no_trace(stack: Stack, how: str) -> None:
    phone = "+6285700000101"
    form = inbound_form(stack.settings, phone, "halo")
    public = stack.settings.public_base_url + "/webhooks/whatsapp"
    headers = {"X-Twilio-Signature": compute_signature(stack.settings.twilio_auth_token, public, form.items())}
    if how == "unsigned":
        headers = {}
    elif how == "wrong token":
        headers["X-Twilio-Signature"] = compute_signature("not-the-token", public, form.items())
    elif how == "tampered body":
        form["Body"] = "hapus data saya"
    else:
        local = webhook_url(stack)
        headers["X-Twilio-Signature"] = compute_signature(stack.settings.twilio_auth_token, local, form.items())
    resp = requests.post(webhook_url(stack), data=form, headers=headers, timeout=10)
    assert resp.status_code == 403
    assert count(stack, InboundMessage, message_sid=form["MessageSid"]) == 0
    assert count(stack, Contact, phone=phone) == 0


def test_repeated_message_sid_is_answered_alike_and_processed_once(stack: Stack) -> None:
    phone = "+6285700000102"
    first = say(stack, phone, "apa itu p2k2")
    again = say(stack, phone, "apa itu p2k2", sid=first.sid)
    assert first.status == again.status == 200
    assert again.texts == first.texts and "Pertemuan Peningkatan" in first.text
    assert count(stack, InboundMessage, message_sid=first.sid) == 1
    tracker = requests.get(
        f"{stack.settings.rasa_url}/conversations/{phone}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=10,
    ).json()
    user_turns = [e for e in tracker["events"] if e["event"] == "user"]
    assert len(user_turns) == 1, "Rasa saw the message once"


def test_message_during_rasa_outage_is_kept_and_answered_when_back(stack: Stack, twilio: TwilioProxy) -> None:
    phone = "+6285700000103"
    stack.stop("rasa")
    try:
        reply = say(stack, phone, "apa itu p2k2?")
        assert reply.status == 200
        assert "sudah kami terima dan tersimpan" in reply.text
        with session_scope(stack.settings.database_url) as session:
            row = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == reply.sid))
            assert row is not None and row.status == "pending" and row.body == "apa itu p2k2?"
    finally:
        stack.start("rasa")
    stack.wait_ready(timeout=600)
    sent = eventually(lambda: twilio.sent_to(phone), timeout=120, what="the late answer to reach Twilio")
    assert len(sent) == 1
    assert "Pertemuan Peningkatan Kemampuan Keluarga" in sent[0].form["Body"][0]
    assert sent[0].status == 201
    row = outbox_row(stack, phone=phone)
    assert row is not None and row.status == "sent" and row.twilio_sid and row.twilio_sid.startswith(("SM", "MM"))
    assert count(stack, InboundMessage, message_sid=reply.sid, status="answered") == 1


def test_outbound_rejected_by_twilio_spec_is_recorded_failed_with_reason(stack: Stack, twilio: TwilioProxy) -> None:
    phone = "+6285700000104"
    with session_scope(stack.settings.database_url) as session:
        # A malformed template id: Twilio's spec says ContentSid matches ^HX[0-9a-fA-F]{32}$.
        outbox.enqueue(session, "test:bad-template", phone, "test", content_sid="HX-not-a-template")
    row = eventually(
        lambda: (r := outbox_row(stack, key="test:bad-template")) and r.status == "failed" and r, what="failure"
    )
    assert row.error_code == "422"
    assert "ContentSid" in (row.error_message or "")
    assert [r.status for r in twilio.sent_to(phone)] == [422], "tried once: a 422 is not retried"


def test_throttled_and_failing_sends_are_retried_then_sent_once(stack: Stack, twilio: TwilioProxy) -> None:
    phone = "+6285700000105"
    twilio.fail_next(1, 429, 63018)
    twilio.fail_next(1, 503)
    with session_scope(stack.settings.database_url) as session:
        outbox.enqueue(session, "test:retry", phone, "test", body="Pengingat: P2K2 besok jam 9.")
    row = eventually(lambda: (r := outbox_row(stack, key="test:retry")) and r.status == "sent" and r, timeout=60)
    assert row.attempts == 3
    assert [r.status for r in twilio.sent_to(phone)] == [429, 503, 201]


def test_status_callback_updates_delivery_and_21610_stops_sending(stack: Stack, twilio: TwilioProxy) -> None:
    phone = "+6285700000106"
    with session_scope(stack.settings.database_url) as session:
        outbox.enqueue(session, "test:status", phone, "test", body="Halo")
    row = eventually(lambda: (r := outbox_row(stack, key="test:status")) and r.status == "sent" and r)
    url = stack.settings.public_base_url + "/webhooks/whatsapp/status"

    def callback(fields: dict[str, str], token: str | None = None) -> int:
        sig = compute_signature(token or stack.settings.twilio_auth_token, url, fields.items())
        resp = requests.post(
            webhook_url(stack, "/webhooks/whatsapp/status"),
            data=fields,
            headers={"X-Twilio-Signature": sig},
            timeout=10,
        )
        return resp.status_code

    base = {
        "MessageSid": row.twilio_sid or "",
        "AccountSid": stack.settings.twilio_account_sid,
        "To": f"whatsapp:{phone}",
    }
    assert callback({**base, "MessageStatus": "delivered"}, token="forged") == 403
    assert outbox_row(stack, key="test:status").status == "sent"
    assert callback({**base, "MessageStatus": "delivered"}) == 204
    assert outbox_row(stack, key="test:status").status == "delivered"
    assert callback({**base, "MessageStatus": "failed", "ErrorCode": "21610"}) == 204
    with session_scope(stack.settings.database_url) as session:
        contact = session.get(Contact, phone)
        assert contact is not None and contact.opted_out_at is not None
        outbox.enqueue(session, "test:after-optout", phone, "test", body="Halo lagi")
    after = eventually(lambda: (r := outbox_row(stack, key="test:after-optout")) and r.status == "failed" and r)
    assert after.error_code == "opted_out"
    assert len(twilio.sent_to(phone)) == 1, "nothing more went to Twilio"


def test_healthz_reports_what_is_missing(stack: Stack) -> None:
    code, body = stack.health()
    assert code == 200 and body["checks"] == {"database": "ok", "rasa": "ok", "actions": "ok"}
    stack.stop("actions")
    try:
        code, body = stack.health()
        assert code == 503 and body["missing"] == ["actions"]
    finally:
        stack.start("actions")
    stack.wait_ready(timeout=120)


def _action_call(sender: str, action: str, text: str, sid: str) -> dict[str, object]:
    """What Rasa posts to the action server, for a message that names a sale."""
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": sender,
            "slots": {},
            "latest_message": {
                "text": text,
                "intent": {"name": "record_sale", "confidence": 1.0},
                "entities": [],
                "metadata": {"message_sid": sid},
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", "e2e-actions-token"])
def test_a_forged_action_call_is_refused_and_records_nothing(stack: Stack, authorization: str | None) -> None:
    """The action server trusts the tracker it is posted; only Rasa, holding the token, may post one."""
    phone, sid = "+6281220000002", f"forged-{authorization}"
    url = f"{stack.settings.actions_url}/webhook"
    headers = {"Authorization": authorization} if authorization else {}
    call = _action_call(phone, "action_record_transaction", "laku 50rb", sid)
    resp = requests.post(url, json=call, headers=headers, timeout=10)
    assert resp.status_code == 401
    assert "Siti" not in resp.text and "50" not in resp.text
    assert count(stack, LedgerEntry, source_sid=sid) == 0


def test_the_action_server_answers_rasa_and_listens_on_a_private_address_only(stack: Stack) -> None:
    call = _action_call("+6281220000002", "action_ledger_summary", "total hari ini", "summary-with-token")
    headers = {"Authorization": f"Bearer {stack.settings.actions_token}"}
    resp = requests.post(f"{stack.settings.actions_url}/webhook", json=call, headers=headers, timeout=30)
    assert resp.status_code == 200
    assert resp.json()["responses"], "with Rasa's token the same kind of call is served"
    port = stack.settings.actions_port
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True)
    addresses = {line.split()[3].rsplit(":", 1)[0] for line in listening.stdout.splitlines()}
    assert addresses == {"127.0.0.1"}
