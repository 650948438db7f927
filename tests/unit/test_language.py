"""Every text in Sundanese and English, and how her language is chosen."""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LOCALE_DIR, SUPPORTED, format_money
from bot.replies import TEXTS, render
from bot.roster.identity import Identity
from bot.understanding.language import guess_language, language_request

TRANSLATED = [lang for lang in SUPPORTED if lang != "id"]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_id_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = {m.id: m for m in read_po(f) if m.id}
    assert template <= set(catalog), f"missing in {lang}: {sorted(template - set(catalog))[:3]}"
    for msgid in template:
        message = catalog[msgid]
        assert message.string and not message.fuzzy, f"{lang} untranslated: {msgid[:60]}"
        assert _fields(message.string) == _fields(msgid), f"{lang} placeholders differ: {msgid[:60]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_replies_render_in_her_language(lang: str) -> None:
    indonesian = Identity("+6281220000002", "kpm", "Siti", ["Melati"], "id")
    other = Identity("+6281220000002", "kpm", "Siti", ["Melati"], lang)
    for name, template in TEXTS.items():
        values = {f: f"<{f}>" for f in _fields(template) - {"you", "menu", "hello", "salam", "last"}}
        rendered = render(name, other, **values)
        assert not re.search(r"\{\w+\}", rendered)
        if name != "utter_greet" or lang != "su":
            assert rendered != render(name, indonesian, **values), f"{name} not translated to {lang}"


def test_money_is_formatted_for_the_locale() -> None:
    assert format_money(1250000, "id") == "Rp1.250.000"
    assert format_money(1250000, "su") == "Rp1.250.000"
    assert format_money(1250000, "en") == "IDR1,250,000"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ganti bahasa sunda", "su"),
        ("Basa Sunda", "su"),
        ("english please", "en"),
        ("in English", "en"),
        ("bahasa indonesia aja", "id"),
        ("laku gorengan 85rb", None),
        ("apa itu P2K2", None),
    ],
)
def test_language_requests(text: str, lang: str | None) -> None:
    assert language_request(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("punten bu, abdi hoyong naros", "su"),
        ("kumaha damang, naon ieu", "su"),
        ("hello, how much did I sell today", "en"),
        ("halo bu, berapa jualan saya hari ini", "id"),
        ("halo", None),
        ("P", None),
    ],
)
def test_first_message_language_guess(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang
