from __future__ import annotations

import re
import string

import pytest

from bot.menu import MENU
from bot.replies import TEXTS, UnknownResponse, render
from bot.roster.identity import Identity

KPM = Identity("+6281220000002", "kpm", "Siti", ["Melati"], "id")
STRANGER = Identity("+6285700000001", "unknown", None, [], "id")


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("who", [KPM, STRANGER], ids=["kpm", "unknown"])
def test_every_response_renders_without_placeholders(name: str, who: Identity) -> None:
    # The values an action passes: one sample for each field the template names, besides the ones render fills.
    fields = {f for _, f, _, _ in string.Formatter().parse(TEXTS[name]) if f}
    own = {"you", "menu", "hello", "salam", "last"}
    values = {f: f"<{f}>" for f in fields - own}
    text = render(name, who, **values)
    assert text.strip() and not re.search(r"\{\w+\}", text)
    assert all(f"<{f}>" in text for f in values), "every value she should read appears"


def test_menu_lists_every_item_numbered() -> None:
    text = render("utter_menu", KPM)
    assert re.findall(r"^(\d+)\. ", text, re.MULTILINE) == [str(i) for i in range(1, len(MENU) + 1)]
    assert "belum terdaftar" not in text
    assert "belum terdaftar" in render("utter_menu", STRANGER)


def test_unknown_response_is_an_error() -> None:
    with pytest.raises(UnknownResponse):
        render("utter_nothing", KPM)
