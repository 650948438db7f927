from __future__ import annotations

import pytest

from nlu.keywords import is_salam, menu_choice
from nlu.normalize import normalize_text, normalize_token


@pytest.mark.parametrize(
    ("chat", "plain"),
    [
        ("yg", "yang"),
        ("brp", "berapa"),
        ("gmn", "gimana"),
        ("hr", "hari"),
        ("kmrn", "kemarin"),
        ("makasiih", "makasih"),
        ("Makasiiiih!!", "makasih"),
        ("halooo", "halo"),
        ("GMN?", "gimana"),
        ("trims", "terima kasih"),
        ("gak", "tidak"),
        ("udh", "sudah"),
    ],
)
def test_chat_spelling_becomes_plain(chat: str, plain: str) -> None:
    assert normalize_token(chat) == plain


def test_sentence_and_numbers_survive() -> None:
    assert normalize_text("Hr ini dpt 350rb yg kmrn 100") == "hari ini dapat 350rb yang kemarin 100"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", 1),
        ("2", 2),
        ("no 2", 2),
        ("No. 3", 3),
        ("pilih dua", 2),
        ("hiji", 1),
        ("tilu", 3),
        ("yg 1 aja", 1),
        ("nomor 3 bu", 3),
        ("12", 12),
    ],
)
def test_bare_choices_are_read(text: str, number: int) -> None:
    assert menu_choice(text) == number


@pytest.mark.parametrize("text", ["laku 2", "beli 3 bungkus", "1 2", "halo", "P", "ya", "", "150rb", "2026"])
def test_other_messages_are_not_choices(text: str) -> None:
    assert menu_choice(text) is None


@pytest.mark.parametrize("text", ["Assalamualaikum", "assalamu'alaikum bu", "asslmkm", "Assalamualaikum wr wb"])
def test_salam_detected(text: str) -> None:
    assert is_salam(text)


@pytest.mark.parametrize("text", ["halo", "selamat pagi", "alaikum"])
def test_not_salam(text: str) -> None:
    assert not is_salam(text)


@pytest.mark.parametrize(
    ("text", "more"), [("lagi", True), ("Lanjut!", True), ("more", True), ("laku lagi 50rb", False)]
)
def test_wants_more(text: str, more: bool) -> None:
    from nlu.keywords import wants_more

    assert wants_more(text) is more
