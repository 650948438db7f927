from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.messaging.text import MAX_BODY, Reply, join_texts, split_body, twiml
from devtools.simulator import twiml_media, twiml_messages


def test_turn_texts_join_in_order_into_one_message() -> None:
    assert join_texts(["Halo, Ibu!", "", "  Balas dengan angka:  "]) == "Halo, Ibu!\n\nBalas dengan angka:"


def test_short_body_is_one_part() -> None:
    assert split_body("Halo") == ["Halo"]


def test_long_body_splits_at_paragraphs_within_limit() -> None:
    paragraphs = [f"Paragraf {i}: " + "kata " * 60 for i in range(20)]
    body = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_body(body)
    assert len(parts) > 1
    assert all(len(p) <= MAX_BODY for p in parts)
    assert all(p.startswith("Paragraf") for p in parts), "cut at paragraph starts"
    assert " ".join(" ".join(parts).split()) == " ".join(body.split())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6000))
def test_split_keeps_every_word_in_order(body: str) -> None:
    parts = split_body(body)
    assert all(0 < len(p) <= MAX_BODY for p in parts)
    assert "".join("".join(parts).split()) == "".join(body.split())


def test_twiml_escapes_and_roundtrips() -> None:
    text = "Rp1.250.000 <untung> & *rugi*"
    assert twiml_messages(twiml(Reply(text))) == [text]
    assert twiml_messages(twiml(None)) == []
    xml = twiml(Reply("Grafik", ("https://x.example/media/abc.png?a=1&b=2",)))
    assert twiml_messages(xml) == ["Grafik"]
    assert twiml_media(xml) == ["https://x.example/media/abc.png?a=1&b=2"]
