"""The outbox and the sender, against Prism (Twilio's API from its OpenAPI file)."""

from __future__ import annotations

import dataclasses
import threading

from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.messaging import outbox
from bot.messaging.models import OutboxMessage
from bot.messaging.sender import OutboxSender, RateLimiter
from tests.twilio_proxy import TwilioProxy

PHONE = "+6281220000002"


def sender_for(settings: Settings, twilio: TwilioProxy) -> OutboxSender:
    assert twilio.server is not None
    url = f"http://127.0.0.1:{twilio.server.server_address[1]}"
    return OutboxSender(dataclasses.replace(settings, twilio_api_base_url=url, twilio_account_sid="AC" + "2" * 32))


def test_same_key_is_queued_once(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert outbox.enqueue(session, "reminder:7:12", PHONE, "reminder", "Besok P2K2") is not None
        assert outbox.enqueue(session, "reminder:7:12", PHONE, "reminder", "Besok P2K2") is None
    with session_scope(db_url) as session:
        assert len(session.scalars(select(OutboxMessage)).all()) == 1


def test_a_claimed_row_cannot_be_claimed_again(db_url: str) -> None:
    with session_scope(db_url) as session:
        outbox.enqueue(session, "k", PHONE, "test", "Halo")
    with session_scope(db_url) as one, session_scope(db_url) as two:
        assert len(outbox.claim_due(one)) == 1
        assert outbox.claim_due(two) == []


def test_parts_of_a_long_reply_wait_for_the_part_before(db_url: str) -> None:
    body = "\n\n".join(f"Bagian {i}. " + "isi " * 150 for i in range(4))
    with session_scope(db_url) as session:
        rows = outbox.enqueue_text(session, "reply:SM1", PHONE, "reply", body)
        ids = [r.id for r in rows]
    assert len(ids) >= 2
    with session_scope(db_url) as session:
        first = outbox.claim_due(session)
        assert [o.id for o in first] == [ids[0]]
        assert outbox.claim_due(session) == [], "part 2 waits while part 1 is in flight"
        outbox.mark_sent(session, ids[0], "SM" + "1" * 32)
        session.commit()
        assert [o.id for o in outbox.claim_due(session)] == [ids[1]]


def test_sender_records_twilio_sid_of_accepted_message(db_url: str, settings: Settings, twilio: TwilioProxy) -> None:
    with session_scope(db_url) as session:
        outbox.enqueue(session, "t:ok", PHONE, "test", "Halo Ibu")
    with session_scope(db_url) as session:
        result = sender_for(settings, twilio).send_due(session)
    assert result.sent == 1
    with session_scope(db_url) as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "t:ok"))
        assert row is not None and row.status == "sent" and row.attempts == 1
        assert row.twilio_sid is not None and len(row.twilio_sid) == 34
    (req,) = [r for r in twilio.requests if r.form.get("Body") == ["Halo Ibu"]]
    assert req.form["To"] == [f"whatsapp:{PHONE}"] and req.form["From"] == [settings.twilio_whatsapp_from]
    assert req.form["StatusCallback"] == [settings.public_base_url + "/webhooks/whatsapp/status"]


def test_sender_gives_up_after_max_attempts(db_url: str, settings: Settings, twilio: TwilioProxy) -> None:
    settings = dataclasses.replace(settings, send_max_attempts=1)
    twilio.fail_next(1, 500)
    with session_scope(db_url) as session:
        outbox.enqueue(session, "t:500", PHONE, "test", "Halo")
    with session_scope(db_url) as session:
        assert sender_for(settings, twilio).send_due(session).failed == 1
    with session_scope(db_url) as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "t:500"))
        assert row is not None and row.status == "failed" and row.error_code == "500"


def test_rate_limiter_spaces_sends() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    limiter = RateLimiter(10, clock=lambda: clock[0], sleep=sleep)
    for _ in range(35):
        limiter.wait()
    assert abs(clock[0] - 3.4) < 1e-9, "35 sends at 10/s: the last leaves 3.4 s after the first"


def test_handoff_goes_to_exactly_one_side() -> None:
    from bot.pipeline import Handoff

    late = Handoff()
    assert late.wait(0.01) is None
    assert late.offer("jawaban") is False, "webhook gave up: the thread must deliver"
    on_time = Handoff()
    threading.Timer(0.01, lambda: on_time.offer("jawaban")).start()
    assert on_time.wait(5) == "jawaban"
