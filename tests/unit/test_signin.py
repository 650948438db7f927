"""The dashboard's sign-in link: made on request, sent through the gate, used once, never stored in clear."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.roster.identity import get_contact, identify
from bot.roster.importer import import_roster
from bot.roster.models import Pendamping
from bot.signin import links
from bot.signin.models import LoginLink

DATA = Path(__file__).parent.parent / "data"
RATNA, SRI, LILIS, STRANGER = "+6281340000001", "+6281340000003", "+6281340000011", "+6285799990001"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
BASE = "https://pkh.example.org"


@pytest.fixture()
def roster(db_url: str) -> str:
    with session_scope(db_url) as session:
        assert import_roster(session, (DATA / "roster_dashboard.csv").read_bytes(), date(2026, 12, 1)).ok
        for phone in (RATNA, SRI, LILIS, STRANGER):
            get_contact(session, phone).last_inbound_at = NOW  # she just wrote
    return db_url


def ask(db_url: str, phone: str, now: datetime = NOW) -> tuple[list[str], str | None]:
    """Her "link dasbor": the responses she reads, and the token in the message that went out."""
    with session_scope(db_url) as session:
        outcome = links.request_link(session, identify(session, phone), BASE, now)
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.phone == phone).order_by(OutboxMessage.id.desc())
        ).first()
        token = None
        if row is not None and row.body and links.PATH in row.body:
            token = row.body.split(links.PATH, 1)[1].split()[0]
        return [s.response for s in outcome.says], token


def test_a_pendamping_gets_a_link_through_the_outbox_and_only_its_hash_is_stored(roster: str) -> None:
    says, token = ask(roster, RATNA)
    assert says == ["utter_dashboard_link_sent"]
    assert token is not None and len(token) >= 40
    with session_scope(roster) as session:
        (row,) = session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "dashboard_link")).all()
        assert row.phone == RATNA and f"{BASE}/dasbor/masuk/{token}" in row.body  # type: ignore[operator]
        assert "15 menit" in row.body  # type: ignore[operator]
        (link,) = session.scalars(select(LoginLink)).all()
        assert link.token_hash == links.token_hash(token) and token not in link.token_hash
        assert (link.phone, link.role, link.used_at) == (RATNA, "pendamping", None)
        assert link.expires_at - link.created_at == timedelta(minutes=15)
        assert row.key == f"dashboard-link:{link.id}"


def test_a_kpm_or_an_unknown_number_is_refused_kindly_and_nothing_is_made(roster: str) -> None:
    for phone in (LILIS, STRANGER):
        assert ask(roster, phone) == (["utter_dashboard_only_staff"], None)
    with session_scope(roster) as session:
        assert session.scalars(select(LoginLink)).all() == []
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_koordinator_gets_a_link_too(roster: str) -> None:
    says, token = ask(roster, SRI)
    assert says == ["utter_dashboard_link_sent"] and token
    with session_scope(roster) as session:
        viewer, _ = links.consume(session, token, NOW + timedelta(minutes=1))
        assert (viewer.role, viewer.name) == ("koordinator", "Sri Mulyani")


def test_a_link_signs_in_once_and_its_token_leaves_the_stored_message(roster: str) -> None:
    _, token = ask(roster, RATNA)
    assert token
    with session_scope(roster) as session:
        assert links.state(session, token, NOW + timedelta(minutes=1)) == "ok"  # looking does not use it
        viewer, link = links.consume(session, token, NOW + timedelta(minutes=1))
        assert (viewer.role, viewer.phone) == ("pendamping", RATNA)
        assert link.used_at == NOW + timedelta(minutes=1)
    with session_scope(roster) as session:
        with pytest.raises(links.LinkRefused) as refused:
            links.consume(session, token, NOW + timedelta(minutes=2))
        assert refused.value.reason == "used"
        body = session.scalars(select(OutboxMessage.body).where(OutboxMessage.purpose == "dashboard_link")).one()
        assert token not in body and "/dasbor/masuk/…" in body


def test_an_expired_or_unknown_link_is_refused(roster: str) -> None:
    _, token = ask(roster, RATNA)
    assert token
    with session_scope(roster) as session:
        later = NOW + timedelta(minutes=15)
        assert links.state(session, token, later) == "expired"
        with pytest.raises(links.LinkRefused) as refused:
            links.consume(session, token, later)
        assert refused.value.reason == "expired"
        with pytest.raises(links.LinkRefused) as refused:
            links.consume(session, "not-a-token", NOW)
        assert refused.value.reason == "unknown"
    with session_scope(roster) as session:
        assert session.scalars(select(LoginLink.used_at)).one() is None


def test_two_sessions_racing_for_one_link_sign_in_once(roster: str) -> None:
    _, token = ask(roster, RATNA)
    assert token
    outcomes = []
    for _ in range(2):
        with session_scope(roster) as session:
            try:
                links.consume(session, token, NOW + timedelta(minutes=1))
                outcomes.append("in")
            except links.LinkRefused as exc:
                outcomes.append(exc.reason)
    assert outcomes == ["in", "used"]


def test_someone_removed_from_the_roster_cannot_use_her_old_link(roster: str) -> None:
    _, token = ask(roster, RATNA)
    assert token
    with session_scope(roster) as session:
        person = session.scalar(select(Pendamping).where(Pendamping.phone == RATNA))
        assert person is not None
        for kelompok in person.kelompok:
            kelompok.pendamping = None
        session.delete(person)
    with session_scope(roster) as session, pytest.raises(links.LinkRefused) as refused:
        links.consume(session, token, NOW + timedelta(minutes=1))
    assert refused.value.reason == "not_staff"


def test_outside_her_window_no_link_lives(roster: str) -> None:
    with session_scope(roster) as session:
        get_contact(session, RATNA).last_inbound_at = NOW - timedelta(days=2)
    says, token = ask(roster, RATNA)
    assert says == ["utter_dashboard_link_not_sent"] and token is None
    with session_scope(roster) as session:
        link = session.scalars(select(LoginLink)).one()
        assert link.expires_at <= NOW
