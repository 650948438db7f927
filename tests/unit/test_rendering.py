"""Rasa names a turn's responses; the web app renders them for her after Rasa answers."""

from __future__ import annotations

from bot.rendering import render_turn
from bot.roster.identity import Identity

SITI = Identity("+6281220000002", "kpm", "Siti", ["Melati"], "id")
SITI_SU = Identity("+6281220000002", "kpm", "Siti", ["Melati"], "su")


def named(response: str, **arguments: object) -> dict[str, object]:
    return {"recipient_id": SITI.phone, "custom": {"response": response, "arguments": arguments}}


def test_named_responses_are_rendered_in_order_in_her_language() -> None:
    messages = [named("utter_invalid_option", number="9"), named("utter_nothing_pending")]
    reply = render_turn(messages, SITI, "9")
    first, second = reply.body.split("\n\n", 1)
    assert "9" in first and "Ibu Siti" in second and "menu" in second
    assert render_turn(messages, SITI_SU, "9").body != reply.body, "Sundanese for a Sundanese speaker"


def test_a_greeting_answers_a_salam_with_a_salam() -> None:
    assert "Wa'alaikumsalam" in render_turn([named("utter_greet")], SITI, "assalamualaikum bu").body
    assert "Wa'alaikumsalam" not in render_turn([named("utter_greet")], SITI, "halo").body


def test_pictures_come_along_and_plain_texts_pass_through() -> None:
    messages = [named("utter_nothing_pending"), {"image": "https://example.org/c.png"}, {"text": "teks biasa"}]
    reply = render_turn(messages, SITI, "grafik")
    assert reply.media == ("https://example.org/c.png",)
    assert reply.body.endswith("teks biasa")


def test_a_response_that_cannot_be_rendered_becomes_the_kind_fallback() -> None:
    fallback = render_turn([named("utter_fallback")], SITI, "x").body
    assert render_turn([named("utter_no_such_response")], SITI, "x").body == fallback
