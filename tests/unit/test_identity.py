"""Who she is, looked up once per turn, travels as Rasa message metadata; the NLG endpoint and actions read it back."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions import common
from bot import create_app
from bot.config import Settings
from bot.db import session_scope
from bot.roster.identity import Identity, identify
from bot.roster.importer import import_roster
from devtools.stack import ROSTER, free_port

RINA, SITI, STRANGER = "+6281220000001", "+6281220000002", "+6285799990001"


@pytest.fixture()
def roster(settings: Settings) -> Settings:
    with session_scope(settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    return settings


def looked_up(settings: Settings, phone: str) -> Identity:
    with session_scope(settings.database_url) as session:
        return identify(session, phone)


@pytest.mark.parametrize("phone", [SITI, RINA, STRANGER])
def test_identity_round_trips_through_message_metadata(roster: Settings, phone: str) -> None:
    who = looked_up(roster, phone)
    # As the pipeline sends it (with the MessageSid) and as it comes back from Rasa: JSON.
    carried = json.loads(json.dumps({**who.as_metadata(), "message_sid": "SM" + "0" * 32}))
    assert Identity.from_metadata(carried) == who


def test_identity_names_her_roster_row(roster: Settings) -> None:
    siti, rina, stranger = (looked_up(roster, p) for p in (SITI, RINA, STRANGER))
    assert (siti.role, siti.kelompok, siti.pendamping_id) == ("kpm", ["Melati"], None) and siti.kpm_id
    assert (rina.role, rina.kelompok, rina.kpm_id) == ("pendamping", ["Mawar", "Melati"], None) and rina.pendamping_id
    assert (stranger.role, stranger.kpm_id, stranger.pendamping_id) == ("unknown", None, None)


@pytest.mark.parametrize(
    "metadata",
    [
        None,
        {},
        "not a mapping",
        {"message_sid": "SM1"},
        {"phone": SITI, "role": "admin", "name": None, "kelompok": [], "language": "id"},
        {"phone": SITI, "role": "kpm", "name": "Siti", "kelompok": "Melati", "language": "id"},
        {"phone": SITI, "role": "kpm", "name": "Siti", "kelompok": ["Melati"], "language": ""},
        {"phone": SITI, "role": "kpm", "name": "Siti", "kelompok": ["Melati"], "language": "id", "kpm_id": "1"},
        {"phone": SITI, "role": "kpm", "name": "Siti", "kelompok": ["Melati"], "language": "id", "kpm_id": True},
    ],
)
def test_metadata_without_a_well_formed_identity_gives_none(metadata: object) -> None:
    assert Identity.from_metadata(metadata) is None


def _nlg(settings: Settings, sender: str, latest: dict[str, Any] | None) -> str:
    app = create_app(dataclasses.replace(settings, rasa_port=free_port(), actions_port=free_port()))
    body = {"response": "utter_greet", "arguments": {}, "tracker": {"sender_id": sender, "latest_message": latest}}
    resp = app.test_client().post(f"/nlg?token={settings.rasa_token}", json=body)
    assert resp.status_code == 200
    return resp.get_json()["text"]


def test_nlg_reads_who_she_is_from_the_message_metadata(roster: Settings) -> None:
    # A name only the metadata has: the endpoint did not look her up.
    carried = dataclasses.replace(looked_up(roster, SITI), name="Siti Metadata", language="en")
    text = _nlg(roster, SITI, {"text": "halo", "metadata": {**carried.as_metadata(), "message_sid": "SM1"}})
    assert "Siti Metadata" in text and "I am the PKH assistant" in text


@pytest.mark.parametrize("latest", [None, {"text": "halo"}, {"text": "halo", "metadata": {"message_sid": "SM1"}}])
def test_nlg_looks_her_up_when_no_identity_came_with_a_message(roster: Settings, latest: dict[str, Any] | None) -> None:
    assert "Halo, Ibu Siti Aminah!" in _nlg(roster, SITI, latest)


def test_nlg_ignores_an_identity_of_another_sender(roster: Settings) -> None:
    rina = looked_up(roster, RINA)
    assert "Halo, Ibu Siti Aminah!" in _nlg(roster, SITI, {"text": "halo", "metadata": rina.as_metadata()})


def _tracker(sender: str, metadata: dict[str, Any] | None) -> Tracker:
    latest = {"text": "halo", "intent": {"name": "greet", "confidence": 1.0}, "entities": [], "metadata": metadata}
    return Tracker(sender, {}, latest, [], False, None, {}, "action_listen")


def test_actions_read_who_she_is_from_the_metadata_first(roster: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    carried = dataclasses.replace(looked_up(roster, SITI), name="Siti Metadata")

    def no_database() -> Settings:
        raise AssertionError("looked up although the identity came with the message")

    monkeypatch.setattr(common, "settings", no_database)
    assert common.identity(_tracker(SITI, {**carried.as_metadata(), "message_sid": "SM1"})) == carried


@pytest.mark.parametrize("metadata", [None, {"message_sid": "SM1"}, {"phone": RINA}])
def test_actions_look_her_up_by_sender_without_it(
    roster: Settings, monkeypatch: pytest.MonkeyPatch, metadata: dict[str, Any] | None
) -> None:
    monkeypatch.setattr(common, "settings", lambda: roster)
    assert common.identity(_tracker(SITI, metadata)) == looked_up(roster, SITI)
    other = looked_up(roster, RINA).as_metadata()
    assert common.identity(_tracker(SITI, other)) == looked_up(roster, SITI), "another sender's identity is ignored"
