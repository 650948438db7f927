"""The numbered menu: one list that the menu text and the choice handler share."""

from __future__ import annotations

from bot.i18n import N_

# (response that answers the choice, label shown in the menu)
MENU: list[tuple[str, str]] = [
    ("utter_how_to_record", N_("Cara mencatat jualan & belanja")),
    ("utter_what_is_p2k2", N_("Apa itu P2K2?")),
    ("utter_what_can_you_do", N_("Apa saja yang bisa saya bantu")),
    ("utter_how_to_register", N_("Cara mendaftarkan nomor ini")),
]


def response_for_choice(number: int) -> str | None:
    return MENU[number - 1][0] if 1 <= number <= len(MENU) else None
