"""What a KPM reads back for the foundation's conversations, through the real stack."""

from __future__ import annotations

import re

import pytest

from bot.db import session_scope
from bot.menu import MENU
from bot.roster.models import Contact
from devtools.runner import Stack
from tests.e2e.chat import say

pytestmark = pytest.mark.e2e

SITI = "+6281220000002"  # registered KPM in tests/data/roster_good.csv
RINA = "+6281220000001"  # her pendamping
STRANGER = "+6285799990001"
ALL = list(range(1, len(MENU) + 1))


def menu_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]


@pytest.mark.parametrize("greeting", ["halo", "Halooo bu", "P", "selamat pagi", "punten"])
def test_greeting_gets_warm_answer_with_numbered_menu(stack: Stack, greeting: str) -> None:
    reply = say(stack, SITI, greeting)
    assert reply.status == 200
    assert len(reply.texts) == 1, "one WhatsApp message per turn"
    assert "Halo, Ibu Siti Aminah!" in reply.text
    assert menu_numbers(reply.text) == list(range(1, len(MENU) + 1))
    assert "belum terdaftar" not in reply.text


@pytest.mark.parametrize("salam", ["assalamualaikum", "Assalamu'alaikum bu", "asslmkm"])
def test_salam_is_answered_with_salam(stack: Stack, salam: str) -> None:
    reply = say(stack, SITI, salam)
    assert reply.text.startswith("Wa'alaikumsalam.")


def test_menu_and_numbered_choices(stack: Stack) -> None:
    menu = say(stack, SITI, "menu")
    assert menu_numbers(menu.text) == ALL
    how = say(stack, SITI, "1")
    assert "laku gorengan 85rb" in how.text
    p2k2 = say(stack, SITI, "no 2")
    assert "Pertemuan Peningkatan Kemampuan Keluarga" in p2k2.text
    capabilities = say(stack, SITI, "tiga")
    assert "Saat ini saya bisa" in capabilities.text
    registered = say(stack, SITI, "opat")
    assert "sudah terdaftar atas nama Siti Aminah (kelompok Melati)" in registered.text
    wrong = say(stack, SITI, "7")
    assert "pilihan 7 tidak ada" in wrong.text
    assert menu_numbers(wrong.text) == ALL


@pytest.mark.parametrize("text", ["makasih", "makasiiih bu", "hatur nuhun", "terima kasih infonya"])
def test_thanks(stack: Stack, text: str) -> None:
    assert "Sama-sama, Ibu Siti Aminah" in say(stack, SITI, text).text


@pytest.mark.parametrize("text", ["apa itu P2K2?", "p2k2 tuh apa sih", "naon ari p2k2 teh"])
def test_what_is_p2k2(stack: Stack, text: str) -> None:
    reply = say(stack, SITI, text)
    assert "Pertemuan Peningkatan Kemampuan Keluarga" in reply.text
    assert "5 modul" in reply.text


def test_what_can_you_do_and_goodbye(stack: Stack) -> None:
    assert "Saat ini saya bisa" in say(stack, SITI, "kamu bisa bantu apa aja").text
    assert "Sampai jumpa" in say(stack, SITI, "udah dulu ya dadah").text


@pytest.mark.parametrize("text", ["cuaca hari ini gimana", "besok hujan ga ya", "siapa yang menang bola semalam"])
def test_off_topic_gets_kind_boundary_not_a_guess(stack: Stack, text: str) -> None:
    reply = say(stack, SITI, text)
    assert "belum bisa membantu" in reply.text or "belum paham" in reply.text
    assert menu_numbers(reply.text) == ALL


def test_gibberish_says_what_it_can_do(stack: Stack) -> None:
    reply = say(stack, SITI, "qwrtp zxcvb lkjhg")
    assert "belum paham" in reply.text or "belum bisa membantu" in reply.text
    assert menu_numbers(reply.text) == ALL


def test_pendamping_is_greeted_by_name(stack: Stack) -> None:
    reply = say(stack, RINA, "halo")
    assert "Halo, Rina Marlina!" in reply.text


def test_unknown_number_can_chat_and_is_told_how_to_register(stack: Stack) -> None:
    greet = say(stack, STRANGER, "halo")
    assert "Halo, Ibu!" in greet.text
    assert "belum terdaftar" in greet.text and "pendamping" in greet.text
    answer = say(stack, STRANGER, "apa itu p2k2")
    assert "Pertemuan Peningkatan Kemampuan Keluarga" in answer.text
    how = say(stack, STRANGER, "4")
    assert "minta *pendamping PKH* Ibu" in how.text


def test_media_only_message_is_asked_as_text(stack: Stack) -> None:
    reply = say(stack, SITI, "", media=[("https://api.twilio.com/2010-04-01/x/Media/ME1", "image/jpeg")])
    assert "tulis pesannya sebagai teks" in reply.text


def test_language_switch_and_first_message_language(stack: Stack) -> None:
    sundanese = "+6285799990002"
    reply = say(stack, sundanese, "punten bu, abdi hoyong terang naon ari p2k2")
    with session_scope(stack.settings.database_url) as session:
        contact = session.get(Contact, sundanese)
        assert contact is not None and (contact.language, contact.language_source) == ("su", "auto")
    assert "Mangga" in reply.text or "nyaéta" in reply.text, "answered in Sundanese"
    assert "Balas dengan angka" not in reply.text and " adalah " not in reply.text
    english = "+6285799990003"
    switched = say(stack, english, "english please")
    assert "English" in switched.text
    greeting = say(stack, english, "halo")
    assert "I am the PKH assistant" in greeting.text and "1. How to record sales & spending" in greeting.text
    back = say(stack, english, "bahasa indonesia aja")
    assert "Bahasa Indonesia" in back.text
    assert "Saya asisten PKH" in say(stack, english, "halo").text
