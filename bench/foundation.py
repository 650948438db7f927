"""Issue 2's measurements: webhook round trip vs Rasa alone, and memory at rest.

Method: the real stack (gunicorn web app, Rasa with the trained model, action
server, worker) on a temporary SQLite database. 200 greetings are posted one
after another as signed Twilio requests; the time is from the POST to the TwiML
answer. The same 200 texts then go straight to Rasa's REST channel (which names
the responses; the relay renders them), so the ratio is what the relay
(signature, storage, roster lookup, thread handoff, rendering) adds. Memory is the resident
set of each process tree, summed, 5 s after /healthz first said ready.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import requests

from bench.common import machine, save, summary, tree_rss_mib
from devtools.runner import Stack
from devtools.simulator import inbound_form, post_signed, twiml_messages
from devtools.stack import isolated_settings, running_stack

GREETINGS = ["halo", "assalamualaikum", "P", "selamat pagi bu", "punten", "hai", "menu", "halooo", "pagi", "makasih"]
N = 200


def time_webhook(stack: Stack, texts: list[str]) -> list[float]:
    base = f"http://127.0.0.1:{stack.settings.port}"
    samples = []
    for i, text in enumerate(texts):
        form = inbound_form(stack.settings, f"+62812300{i % 50:05d}", text)
        started = time.perf_counter()
        resp = post_signed(stack.settings, base, "/webhooks/whatsapp", form)
        samples.append((time.perf_counter() - started) * 1000)
        assert resp.status_code == 200 and twiml_messages(resp.text), resp.text
    return samples


def time_rasa_direct(stack: Stack, texts: list[str]) -> list[float]:
    samples = []
    for i, text in enumerate(texts):
        started = time.perf_counter()
        resp = requests.post(
            f"{stack.settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": f"+62812400{i % 50:05d}", "message": text},
            timeout=30,
        )
        samples.append((time.perf_counter() - started) * 1000)
        assert resp.status_code == 200 and resp.json(), resp.text
    return samples


def main() -> None:
    texts = [GREETINGS[i % len(GREETINGS)] for i in range(N)]
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        with running_stack(tmp, isolated_settings(tmp, twilio_api_base_url="http://127.0.0.1:9")) as stack:
            time.sleep(5)  # let start-up work settle before measuring memory at rest
            memory = {name: tree_rss_mib(proc.pid) for name, proc in stack.procs.items()}
            web, rasa = summary(time_webhook(stack, texts)), summary(time_rasa_direct(stack, texts))
    result = {
        "machine": machine(),
        "method": __doc__.strip(),
        "webhook_post_to_twiml": web,
        "rasa_rest_direct": rasa,
        "relay_overhead_ratio_median": round(web["median_ms"] / rasa["median_ms"], 2),
        "rss_mib_at_rest": {**memory, "total": round(sum(memory.values()), 1)},
    }
    path = save("foundation", result)
    print(
        f"webhook median {web['median_ms']} ms, p95 {web['p95_ms']} ms; rasa direct median {rasa['median_ms']} ms, "
        f"p95 {rasa['p95_ms']} ms; memory at rest {result['rss_mib_at_rest']['total']} MiB -> {path}"
    )


if __name__ == "__main__":
    main()
