"""The knowledge base in data/knowledge/*.yml.

Each entry has a key, the questions people ask (training examples for Rasa's
ResponseSelector, generated into data/nlu/knowledge.yml), an answer per
language, its source, and whether its figures may change. A new FAQ entry is a
few lines of YAML and `make run`; no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import ROOT

KNOWLEDGE_DIR = ROOT / "data" / "knowledge"
GENERATED_NLU = ROOT / "data" / "nlu" / "knowledge.yml"
RETRIEVAL_INTENT = "faq"
KEY = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Entry:
    key: str
    topic: str
    source: str
    time_sensitive: bool
    questions: tuple[str, ...]
    answer: dict[str, str]
    session: str | None = None

    def text(self, language: str) -> str:
        return (self.answer.get(language) or self.answer["id"]).strip()


class KnowledgeError(ValueError):
    pass


@lru_cache(maxsize=1)
def load(directory: Path = KNOWLEDGE_DIR) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for path in sorted(directory.glob("*.yml")):
        for raw in (yaml.safe_load(path.read_text()) or {}).get("entries", []):
            key = raw["key"]
            if not KEY.match(key) or key in entries:
                raise KnowledgeError(f"{path.name}: bad or duplicate key {key!r}")
            answer = {lang: str(text) for lang, text in raw["answer"].items()}
            if not answer.get("id"):
                raise KnowledgeError(f"{path.name}: {key} has no Indonesian answer")
            entries[key] = Entry(
                key=key,
                topic=raw["topic"],
                source=raw["source"],
                time_sensitive=bool(raw.get("time_sensitive")),
                questions=tuple(str(q) for q in raw["questions"]),
                answer=answer,
                session=raw.get("session"),
            )
    return entries


def next_key(key: str) -> str | None:
    """The next part of a topic ('mau tahu lebih?'): the following entry of the same topic, in file order."""
    entries = load()
    same = [k for k, e in entries.items() if e.topic == entries[key].topic]
    position = same.index(key)
    return same[position + 1] if position + 1 < len(same) else None


def response_name(key: str) -> str:
    return f"utter_{RETRIEVAL_INTENT}/{key}"


def key_from_response(name: str) -> str | None:
    prefix = f"utter_{RETRIEVAL_INTENT}/"
    return name[len(prefix) :] if name.startswith(prefix) else None


def training_yaml(entries: dict[str, Entry]) -> str:
    """Rasa training data for the retrieval intent, generated from the knowledge files (do not edit)."""
    nlu = [
        {"intent": f"{RETRIEVAL_INTENT}/{e.key}", "examples": "".join(f"- {q}\n" for q in e.questions)}
        for e in entries.values()
    ]
    # Rasa needs a text per retrieval response to train on; what she reads comes
    # from bot/rendering.py in her language.
    responses = {response_name(e.key): [{"text": e.text("id")}] for e in entries.values()}

    class _Literal(str):
        pass

    def literal(dumper: yaml.Dumper, value: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")

    yaml.add_representer(_Literal, literal)
    for item in nlu:
        item["examples"] = _Literal(item["examples"])
    body = yaml.dump(
        {"version": "3.1", "nlu": nlu, "responses": responses}, allow_unicode=True, sort_keys=False, width=1000
    )
    return "# Generated from data/knowledge/*.yml by `python -m devtools.setup_tasks knowledge`; do not edit.\n" + body


def write_training_data() -> bool:
    """Regenerate data/nlu/knowledge.yml; True if it changed."""
    text = training_yaml(load())
    if GENERATED_NLU.exists() and GENERATED_NLU.read_text() == text:
        return False
    GENERATED_NLU.write_text(text)
    return True
