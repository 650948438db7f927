"""Run a trained Rasa model over labelled messages; print what it understood as JSON lines.

Runs in Rasa's venv (.venv-rasa/bin/python -m bench.nlu_eval MODEL FILE...), so the
app-side benchmark (bench/understanding.py) never imports Rasa. Reads Rasa NLU YAML
(`nlu:` with intents and examples) and the blind set's format (`messages:` with text,
intent, lang, tags). The label she sees: faq/<entry> for knowledge answers,
nlu_fallback when the model was unsure.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def labelled(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text()) or {}
    if "messages" in data:
        return [
            {"text": str(m["text"]), "gold": m["intent"], "lang": m.get("lang"), "tags": m.get("tags") or []}
            for m in data["messages"]
        ]
    out = []
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:])
                out.append({"text": text, "gold": item["intent"], "lang": None, "tags": []})
    return out


def seen_label(parse: dict[str, Any]) -> str:
    intent = (parse.get("intent") or {}).get("name") or "nlu_fallback"
    selector = parse.get("response_selector") or {}
    if intent in (selector.get("all_retrieval_intents") or []):
        return str(selector[intent]["response"]["intent_response_key"])
    return intent


async def run(model: str, files: list[str]) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    for name in files:
        for item in labelled(Path(name)):
            started = time.perf_counter()
            parse = await agent.parse_message(item["text"])
            item.update(
                file=name,
                predicted=seen_label(parse),
                confidence=(parse.get("intent") or {}).get("confidence"),
                ranking=[(r["name"], round(r["confidence"], 4)) for r in (parse.get("intent_ranking") or [])[:3]],
                ms=round(1000 * (time.perf_counter() - started), 2),
            )
            print(json.dumps(item, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], sys.argv[2:]))
