"""Issue 4's measurement: the whole assistant's understanding on a held-out set.

Method: tests/data/nlu_test_all.yml holds realistic messages written apart from
the training data (basics, bookkeeping, PENA, and knowledge questions labelled
with their entry, faq/<key>) and never trained on. `rasa test nlu` runs the
trained model on it; a knowledge question is right only if the entry is right.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.common import machine, rasa_test_nlu, save


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = {
            "machine": machine(),
            "method": __doc__.strip(),
            "test_all": rasa_test_nlu("tests/data/nlu_test_all.yml", Path(tmp) / "out"),
        }
    path = save("understanding", result)
    print(json.dumps(result["test_all"], indent=1, ensure_ascii=False), "->", path)


if __name__ == "__main__":
    main()
