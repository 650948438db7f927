"""The inbound pipeline (bot/pipeline) stage by stage, with Rasa swapped for a fake relay."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import pipeline
from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.messaging import questions, rasa_client
from bot.messaging.inbound import InboundForm
from bot.messaging.models import InboundMessage, OpenQuestion, OutboxMessage
from bot.messaging.rasa_client import RasaUnavailable
from bot.messaging.text import Reply
from bot.roster.identity import Identity, identify
from bot.roster.importer import import_roster
from bot.roster.models import Contact
from bot.worker import relay_pending
from devtools.simulator import new_message_sid
from devtools.stack import ROSTER, free_port
from tests.helpers import eventually

RINA, SITI, STRANGER = "+6281220000001", "+6281220000002", "+6285799990001"
ANSWER = Reply("Jawaban dari Rasa.")


@pytest.fixture()
def app_settings(settings: Settings) -> Settings:
    """The test roster; nothing listens on Rasa's port (clearing questions there fails fast and is logged)."""
    with session_scope(settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    return dataclasses.replace(settings, rasa_port=free_port())


@pytest.fixture()
def forms_ended(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Whose Rasa form was ended from outside (through Rasa's tracker events API)."""
    ended: list[str] = []

    def append_events(base_url: str, token: str, sender: str, events: list[dict[str, Any]], timeout: float = 5) -> None:
        assert {"event": "active_loop", "name": None} in events
        ended.append(sender)

    monkeypatch.setattr(rasa_client, "append_events", append_events)
    return ended


class FakeRasa:
    """Stands in for Rasa: remembers what it was sent, then answers, fails, or waits for `gate` first."""

    def __init__(
        self,
        reply: Reply = ANSWER,
        error: Exception | None = None,
        gate: threading.Event | None = None,
        on_call: Callable[[], None] | None = None,
    ) -> None:
        self.reply, self.error, self.gate, self.on_call = reply, error, gate, on_call
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    def __call__(self, phone: str, text: str, metadata: dict[str, Any], timeout: float) -> Reply:
        self.sent.append((phone, text, metadata))
        if self.on_call:
            self.on_call()
        if self.gate is not None:
            assert self.gate.wait(10), "the test never opened the gate"
        if self.error is not None:
            raise self.error
        return self.reply


def message(phone: str, body: str, *, sid: str | None = None, num_media: int = 0) -> InboundForm:
    return InboundForm(sid or new_message_sid(), phone, body, num_media, profile_name=None)


def row(settings: Settings, sid: str) -> InboundMessage | None:
    with session_scope(settings.database_url) as session:
        found = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == sid))
        if found is not None:
            session.expunge(found)
        return found


def who(settings: Settings, phone: str) -> Identity:
    with session_scope(settings.database_url) as session:
        return identify(session, phone)


def replies_sent_later(settings: Settings, sid: str) -> list[OutboxMessage]:
    with session_scope(settings.database_url) as session:
        rows = list(
            session.scalars(
                select(OutboxMessage).where(OutboxMessage.key.like(f"reply:{sid}:%")).order_by(OutboxMessage.id)
            )
        )
        session.expunge_all()
        return rows


def test_a_message_goes_to_rasa_with_who_she_is_and_the_answer_is_recorded(app_settings: Settings) -> None:
    rasa = FakeRasa(Reply("Halo, Ibu Siti Aminah!"))
    sent = message(SITI, "halo")
    assert pipeline.receive(app_settings, sent, rasa) == Reply("Halo, Ibu Siti Aminah!")
    ((phone, text, metadata),) = rasa.sent
    assert (phone, text, metadata["message_sid"]) == (SITI, "halo", sent.message_sid)
    carried = Identity.from_metadata(metadata)
    assert carried == who(app_settings, SITI) and carried.role == "kpm" and carried.kpm_id is not None
    stored = row(app_settings, sent.message_sid)
    assert stored is not None
    assert (stored.status, stored.reply_via, stored.reply_text) == ("answered", "twiml", "Halo, Ibu Siti Aminah!")


def test_a_repeated_message_sid_gets_the_stored_answer_and_goes_to_rasa_once(app_settings: Settings) -> None:
    rasa = FakeRasa(Reply("Grafik minggu ini:", ("https://bot.example.id/media/chart.png",)))
    sent = message(SITI, "grafik minggu ini")
    first = pipeline.receive(app_settings, sent, rasa)
    again = pipeline.receive(app_settings, sent, rasa)
    assert first == again == rasa.reply
    assert len(rasa.sent) == 1
    with session_scope(app_settings.database_url) as session:
        assert len(session.scalars(select(InboundMessage)).all()) == 1


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("berhenti", "tidak mengirim pengingat, undangan, atau pesan mingguan"),
        ("mulai lagi", "sudah aktif"),
        ("hapus data saya", "*YA HAPUS*"),
    ],
)
def test_consent_commands_are_answered_without_rasa(
    app_settings: Settings, forms_ended: list[str], text: str, answer: str
) -> None:
    rasa = FakeRasa()
    sent = message(SITI, text)
    reply = pipeline.receive(app_settings, sent, rasa)
    assert reply is not None and answer in reply.body
    assert rasa.sent == []
    assert forms_ended == [SITI], "a Rasa form she was in ends too"
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and (stored.status, stored.reply_via) == ("answered", "twiml")


def test_stop_and_delete_work_while_rasa_is_down_and_delete_leaves_nothing_of_hers(app_settings: Settings) -> None:
    # Nothing listens on Rasa's port here: ending her forms there fails, and consent still works.
    rasa = FakeRasa(error=RasaUnavailable("down"))
    assert "*MULAI LAGI*" in (pipeline.receive(app_settings, message(SITI, "stop"), rasa) or Reply("")).body
    with session_scope(app_settings.database_url) as session:
        contact = session.get(Contact, SITI)
        assert contact is not None and contact.opted_out_at is not None
    pipeline.receive(app_settings, message(SITI, "hapus data saya"), rasa)
    done = pipeline.receive(app_settings, message(SITI, "ya hapus"), rasa)
    assert done is not None and "sudah dihapus" in done.body
    assert rasa.sent == []
    with session_scope(app_settings.database_url) as session:
        assert session.get(Contact, SITI) is None
        assert session.scalars(select(InboundMessage).where(InboundMessage.phone == SITI)).all() == []


def open_question(settings: Settings, phone: str) -> str | None:
    with session_scope(settings.database_url) as session:
        row = session.get(OpenQuestion, phone)
        return row.purpose if row else None


def test_stop_leaves_the_question_she_was_asked(app_settings: Settings) -> None:
    with session_scope(app_settings.database_url) as session:
        questions.ask(session, RINA, "meeting", {"kind": "invite"}, ttl=timedelta(hours=1))
    pipeline.receive(app_settings, message(RINA, "stop"), FakeRasa())
    assert open_question(app_settings, RINA) is None


def test_a_question_left_quiet_too_long_is_forgotten_before_the_next_message_goes_to_rasa(
    app_settings: Settings, forms_ended: list[str]
) -> None:
    first = message(RINA, "undang kelompok Mawar")
    pipeline.receive(app_settings, first, FakeRasa(Reply("Hari apa, Bu?")))
    with session_scope(app_settings.database_url) as session:
        questions.ask(session, RINA, "meeting", {"kind": "invite"}, ttl=timedelta(hours=24))
        earlier = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == first.message_sid))
        assert earlier is not None
        earlier.received_at = utcnow() - timedelta(minutes=app_settings.question_ttl_minutes + 1)

    open_when_relayed: list[str | None] = []
    rasa = FakeRasa(on_call=lambda: open_when_relayed.append(open_question(app_settings, RINA)))
    pipeline.receive(app_settings, message(RINA, "rekap hari ini"), rasa)
    assert open_when_relayed == [None]
    assert forms_ended == [RINA]


def test_a_question_asked_just_now_is_still_open_when_her_answer_goes_to_rasa(
    app_settings: Settings, forms_ended: list[str]
) -> None:
    pipeline.receive(app_settings, message(RINA, "undang kelompok Mawar"), FakeRasa(Reply("Hari apa, Bu?")))
    with session_scope(app_settings.database_url) as session:
        questions.ask(session, RINA, "meeting", {"kind": "invite"}, ttl=timedelta(hours=24))
    open_when_relayed: list[str | None] = []
    rasa = FakeRasa(on_call=lambda: open_when_relayed.append(open_question(app_settings, RINA)))
    pipeline.receive(app_settings, message(RINA, "Senin jam 9"), rasa)
    assert open_when_relayed == ["meeting"]
    assert forms_ended == []


def test_a_language_switch_is_answered_here_and_later_turns_carry_her_language(app_settings: Settings) -> None:
    rasa = FakeRasa()
    switched = pipeline.receive(app_settings, message(SITI, "english please"), rasa)
    assert switched is not None and "English" in switched.body
    assert rasa.sent == []
    pipeline.receive(app_settings, message(SITI, "halo"), rasa)
    ((_, _, metadata),) = rasa.sent
    assert metadata["language"] == "en"


def test_her_first_message_sets_the_language_that_turn_already_carries(app_settings: Settings) -> None:
    rasa = FakeRasa()
    pipeline.receive(app_settings, message(STRANGER, "punten bu, abdi hoyong terang naon ari p2k2"), rasa)
    ((_, _, metadata),) = rasa.sent
    assert (metadata["role"], metadata["language"]) == ("unknown", "su")


def test_a_message_without_text_is_asked_again_as_text(app_settings: Settings) -> None:
    rasa = FakeRasa()
    sent = message(SITI, "", num_media=1)
    reply = pipeline.receive(app_settings, sent, rasa)
    assert reply is not None and "tulis pesannya sebagai teks" in reply.body
    assert rasa.sent == []
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and (stored.status, stored.reply_via, stored.num_media) == ("answered", "twiml", 1)


def test_rasa_down_keeps_the_message_pending_and_the_worker_answers_it_through_the_outbox(
    app_settings: Settings,
) -> None:
    sent = message(SITI, "apa itu p2k2")
    reply = pipeline.receive(app_settings, sent, FakeRasa(error=RasaUnavailable("connection refused")))
    assert reply is not None and "sudah kami terima dan tersimpan" in reply.body
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and (stored.status, stored.reply_via) == ("pending", None)

    still_down = FakeRasa(error=RasaUnavailable("still down"))
    assert relay_pending(app_settings, still_down) == 0
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and stored.status == "pending"

    back = FakeRasa(Reply("P2K2 adalah pertemuan kelompok."))
    assert relay_pending(app_settings, back) == 1
    ((_, text, metadata),) = back.sent
    assert text == "apa itu p2k2" and Identity.from_metadata(metadata) == who(app_settings, SITI)
    (later,) = replies_sent_later(app_settings, sent.message_sid)
    assert (later.phone, later.body, later.purpose) == (SITI, "P2K2 adalah pertemuan kelompok.", "reply")
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and (stored.status, stored.reply_via) == ("answered", "outbox")
    assert relay_pending(app_settings, back) == 0, "answered once"


def test_an_unexpected_relay_failure_is_kept_like_rasa_down(app_settings: Settings) -> None:
    sent = message(SITI, "apa itu p2k2")
    reply = pipeline.receive(app_settings, sent, FakeRasa(error=ValueError("not JSON")))
    assert reply is not None and "tersimpan" in reply.body
    stored = row(app_settings, sent.message_sid)
    assert stored is not None and stored.status == "pending"


def test_the_kind_saved_answer_speaks_her_language(app_settings: Settings) -> None:
    pipeline.receive(app_settings, message(SITI, "english please"), FakeRasa())
    reply = pipeline.receive(app_settings, message(SITI, "what is p2k2"), FakeRasa(error=RasaUnavailable("down")))
    assert reply is not None and "saved" in reply.body.lower()


def test_a_slow_answer_is_sent_later_through_the_outbox_and_a_repeat_gets_nothing_twice(
    app_settings: Settings,
) -> None:
    impatient = dataclasses.replace(app_settings, rasa_reply_timeout=0.05)
    gate = threading.Event()
    rasa = FakeRasa(Reply("P2K2 adalah pertemuan kelompok."), gate=gate)
    sent = message(SITI, "apa itu p2k2")
    assert pipeline.receive(impatient, sent, rasa) is None, "nothing now: Twilio gets an empty TwiML in time"
    gate.set()
    (later,) = eventually(lambda: replies_sent_later(impatient, sent.message_sid), timeout=10, what="late reply")
    assert later.body == "P2K2 adalah pertemuan kelompok." and later.inbound_id is not None
    stored = row(impatient, sent.message_sid)
    assert stored is not None and (stored.status, stored.reply_via) == ("answered", "outbox")
    assert pipeline.receive(impatient, sent, rasa) is None, "the repeat is not answered in TwiML a second time"
    assert len(rasa.sent) == 1


def test_an_answer_too_long_for_one_message_goes_out_in_parts(app_settings: Settings) -> None:
    long = Reply("\n\n".join(f"Paragraf {i}: " + "kata " * 60 for i in range(8)))
    assert not long.fits_one_message
    sent = message(SITI, "jelaskan semuanya")
    assert pipeline.receive(app_settings, sent, FakeRasa(long)) is None
    parts = eventually(lambda: replies_sent_later(app_settings, sent.message_sid), timeout=10, what="parts")
    assert len(parts) >= 2
    assert "".join((p.body or "") for p in parts).replace("\n", "").replace(" ", "") == long.body.replace(
        "\n", ""
    ).replace(" ", "")


def test_an_empty_turn_from_rasa_still_gets_an_answer(app_settings: Settings) -> None:
    reply = pipeline.receive(app_settings, message(SITI, "halo"), FakeRasa(Reply("")))
    assert reply is not None and "belum paham" in reply.body
