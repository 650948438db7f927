"""Issue 3's measurements: understanding (held-out NLU test), parser accuracy, sale latency, chart time.

Method:
- `rasa test nlu` with the trained model on tests/data/nlu_heldout.yml, messages
  written apart from the training data and never trained on; intent macro F1 and
  accuracy from Rasa's own intent report.
- The parser (bot/understanding/transactions.py) on tests/data/transaction_cases.yaml: a case
  counts as right only if every item's kind and amount and the date are exact.
  The table was written by someone other than the parser's author, but the parser
  was then fixed against it, so it measures coverage, not generalisation.
- 100 sale messages posted one after another as signed Twilio requests from
  registered KPM to the real stack; time from POST to the TwiML answer.
- The 7-day chart rendered 20 times (matplotlib, Agg) from a week of entries.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

from bench.common import machine, rasa_test_nlu, save, summary
from bot.config import ROOT
from bot.ledger.chart import render_png
from bot.understanding.transactions import parse_transactions
from devtools.simulator import inbound_form, post_signed, twiml_messages
from devtools.stack import isolated_settings, running_stack

SALES = [
    "laku gorengan {n}rb",
    "hr ini dpt {n}rb",
    "jualan seblak {n} ribu",
    "laku nasi uduk {n}rebu",
    "alhamdulillah omzet {n}rb",
    "tadi ada yang beli lotek {n}rb",
]
KPM = ["+6281220000003", "+6281220000004", "+6281220000005", "+6281220000006", "+6281220000007"]


def nlu_heldout(tmp: Path) -> dict[str, object]:
    return rasa_test_nlu("tests/data/nlu_heldout.yml", tmp / "nlu-heldout")


def parser_accuracy() -> dict[str, object]:
    cases = yaml.safe_load((ROOT / "tests" / "data" / "transaction_cases.yaml").read_text())
    today = date(2026, 11, 28)
    right = 0
    for case in cases:
        parsed = parse_transactions(case["text"], today)
        if case.get("ask"):
            right += parsed.needs_question
            continue
        want = [(None if i["kind"] == "unknown" else i["kind"], i["amount"]) for i in case["items"]]
        right += (
            parsed.problem is None and [(i.kind, i.amount) for i in parsed.items] == want and parsed.day == case["date"]
        )
    return {"cases": len(cases), "exact": right, "accuracy": round(right / len(cases), 3)}


def chart_render_ms() -> dict[str, float]:
    start = date(2026, 11, 22)
    days = [(start + timedelta(i), 100_000 + 15_000 * i, 40_000 + 5_000 * i) for i in range(7)]
    samples = []
    for _ in range(20):
        t = time.perf_counter()
        render_png(days, "7 hari terakhir", "id")
        samples.append((time.perf_counter() - t) * 1000)
    return {"n": 20, "median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1)}


def sale_latency(tmp: Path) -> dict[str, float]:
    with running_stack(tmp, isolated_settings(tmp, twilio_api_base_url="http://127.0.0.1:9")) as stack:
        base = f"http://127.0.0.1:{stack.settings.port}"
        samples = []
        for i in range(100):
            text = SALES[i % len(SALES)].format(n=20 + i)
            form = inbound_form(stack.settings, KPM[i % len(KPM)], text)
            t = time.perf_counter()
            resp = post_signed(stack.settings, base, "/webhooks/whatsapp", form)
            samples.append((time.perf_counter() - t) * 1000)
            assert "dicatat" in twiml_messages(resp.text)[0], resp.text
    return summary(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        result = {
            "machine": machine(),
            "method": __doc__.strip(),
            "nlu_heldout": nlu_heldout(tmp),
            "parser_table": parser_accuracy(),
            "chart_render": chart_render_ms(),
            "sale_webhook_post_to_twiml": sale_latency(tmp),
        }
    path = save("ledger", result)
    print(json.dumps({k: v for k, v in result.items() if k not in ("machine", "method")}, indent=1), "->", path)


if __name__ == "__main__":
    main()
