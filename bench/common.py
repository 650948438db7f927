"""Shared by the benchmarks: the machine, percentiles, a running stack, process memory."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bot.config import ROOT

RESULTS = ROOT / "bench" / "results"
SPEC = ROOT.parent / "shared" / "twilio-oai" / "twilio_api_v2010.json"


def machine() -> dict[str, object]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "date": time.strftime("%Y-%m-%d"),
    }


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
    }


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return round(total_kb / 1024, 1)


def save(name: str, data: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def rasa_test_nlu(test_file: str, out: Path) -> dict[str, object]:
    """`rasa test nlu` with the current model on a held-out file.

    A knowledge question (faq/<key>) counts as right only when both the intent
    and the selected entry are right, so "accuracy" is what a user would see.
    """
    from devtools.setup_tasks import RASA_BIN, model_path, rasa_env

    subprocess.run(
        [str(RASA_BIN), "test", "nlu", "--nlu", test_file, "--model", str(model_path()), "--out", str(out)],
        cwd=ROOT,
        env=rasa_env(),
        check=True,
        capture_output=True,
    )
    report = json.loads((out / "intent_report.json").read_text())
    wrong: dict[str, str] = {}
    for e in _errors(out / "intent_errors.json"):
        wrong[e["text"]] = f"{e['intent']} -> {e['intent_prediction']['name']}"
    retrieval = out / "response_selection_errors.json"
    for e in _errors(retrieval):
        truth = e.get("intent_response_key_target") or e.get("response_key_target") or "faq/?"
        got = (e.get("intent_response_key_prediction") or {}).get("name", "?")
        wrong.setdefault(e["text"], f"{truth} -> {got}")
    total = int(report["weighted avg"]["support"])
    pairs: dict[str, int] = {}
    for pair in wrong.values():
        pairs[pair] = pairs.get(pair, 0) + 1
    result: dict[str, object] = {
        "examples": total,
        "accuracy": round((total - len(wrong)) / total, 3),
        "intent_accuracy": round(report["accuracy"], 3),
        "intent_macro_f1": round(report["macro avg"]["f1-score"], 3),
        "confusions": dict(sorted(pairs.items(), key=lambda kv: -kv[1])),
    }
    selection = out / "response_selection_report.json"
    if selection.exists():
        rs = json.loads(selection.read_text())
        result["knowledge_entry_accuracy"] = round(rs.get("accuracy", 0.0), 3)
        result["knowledge_entry_macro_f1"] = round(rs["macro avg"]["f1-score"], 3)
    return result


def _errors(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text()) if path.exists() else []
