"""The PENA questionnaire through the real model and form, with what the roster already knows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.roster.models import PendampingNote
from devtools.runner import Stack
from tests.e2e.chat import say

pytestmark = pytest.mark.e2e

RINA = "+6281220000001"


def notes_for(stack: Stack, name: str) -> list[str]:
    with session_scope(stack.settings.database_url) as session:
        return [n.text for n in session.scalars(select(PendampingNote)) if n.text.startswith(name)]


def test_age_from_roster_is_not_asked_and_eligible_kpm_is_noted_for_pendamping(stack: Stack) -> None:
    phone = "+6281220000005"  # Nining, born 1992-04-10, sells seblak
    first = say(stack, phone, "apakah saya bisa ikut PENA?")
    assert "cek syarat *PENA*" in first.text
    assert "umur" not in first.text.lower() and "graduasi mandiri" in first.text
    second = say(stack, phone, "iya bersedia")
    assert "lansia" in second.text
    result = say(stack, phone, "tidak ada")
    assert "✅ Umur 20-40 tahun (umur Ibu: 34)" in result.text
    assert "✅ Bersedia graduasi mandiri" in result.text
    assert "memberi tahu pendamping" in result.text and "bukan keputusan Kemensos" in result.text
    (note,) = notes_for(stack, "Nining Suryani")
    assert "seblak" in note and "umur 34" in note
    with session_scope(stack.settings.database_url) as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.phone == RINA)).all()
        assert any("Nining Suryani" in (m.body or "") for m in sent)


def test_too_old_is_explained_and_not_noted(stack: Stack) -> None:
    phone = "+6281220000003"  # Euis, no birth date in the roster
    ask_age = say(stack, phone, "sy bisa ikut pena ga")
    assert "Berapa umur" in ask_age.text
    again = say(stack, phone, "wah lupa")
    assert "belum terbaca" in again.text
    say(stack, phone, "umur sy empat puluh lima")
    say(stack, phone, "ya")
    result = say(stack, phone, "tidak")
    assert "❌ Umur 20-40 tahun (umur Ibu: 45)" in result.text
    assert "belum terpenuhi" in result.text
    assert notes_for(stack, "Euis Kurniasih") == []


def test_not_willing_to_graduate(stack: Stack) -> None:
    phone = "+6281220000004"  # Dewi, born 1990-12-24, no business in the roster
    assert "punya usaha" in say(stack, phone, "cek syarat pena buat saya").text
    assert "graduasi mandiri" in say(stack, phone, "belum").text
    say(stack, phone, "tidak")
    result = say(stack, phone, "tidak")
    assert "❌ Bersedia graduasi mandiri" in result.text and "❌ Sudah punya usaha" in result.text
    assert notes_for(stack, "Dewi Lestari") == []
