"""The knowledge base as data: valid, sourced, in three languages, and its training data up to date."""

from __future__ import annotations

import pytest

from bot.knowledge.content import GENERATED_NLU, load, training_yaml

CAUTION = {
    "id": "bisa berubah, tanyakan ke pendamping",
    "su": "tiasa robih",
    "en": "may change",
}


def test_generated_training_data_is_current() -> None:
    assert GENERATED_NLU.read_text() == training_yaml(load()), "run `python -m devtools.setup_tasks knowledge`"


def test_topics_are_covered() -> None:
    topics = {e.topic for e in load().values()}
    assert {"p2k2", "pkh", "pena", "resources", "boundary"} <= topics
    sessions = {e.session.split("Sesi")[-1].split()[0] for e in load().values() if e.session and "Sesi" in e.session}
    assert {str(n) for n in range(1, 15)} <= sessions, "all 14 P2K2 sessions"


@pytest.mark.parametrize("key", sorted(load()))
def test_entry_is_complete(key: str) -> None:
    entry = load()[key]
    assert entry.source.strip(), "every fact keeps its source"
    assert len(entry.questions) >= 8
    for lang in ("id", "su", "en"):
        assert entry.answer.get(lang, "").strip(), f"{key} has no {lang} answer"
        if entry.time_sensitive:
            assert CAUTION[lang] in entry.answer[lang].lower(), f"{key}: time-sensitive figure without caution ({lang})"


def test_questions_are_not_shared_between_entries() -> None:
    seen: dict[str, str] = {}
    for entry in load().values():
        for question in entry.questions:
            assert seen.setdefault(question.lower(), entry.key) == entry.key, question
