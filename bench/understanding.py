"""Issue 10's measurement: the new pipeline (config.yml) against the old one (DIET + ResponseSelector).

Method, both pipelines in one run on the same machine (Rasa with OMP_NUM_THREADS=1):
- Training: `rasa train --config <cfg>` into a temporary directory with an empty Rasa
  cache; the new pipeline twice, with an empty e5 embedding cache (cold) and again with
  the same cache (warm); the old one once. The warm models are the ones measured below.
- Held-out files, never trained or tuned on: tests/data/nlu_test_all.yml and the two
  blind sets (nlu_blind.yml, nlu_blind2.yml, written from the label sheet only). Each
  message is parsed by the trained model (bench/nlu_eval.py in Rasa's venv). The label
  she sees is faq/<entry> for a knowledge answer, else the intent, nlu_fallback when
  the model was unsure. Accuracy as a user sees it: that label equals the gold one;
  an out_of_scope message also counts right when the model fell back, since both give
  her the kind boundary reply. Intent accuracy: the same with faq/<entry> collapsed to
  faq. Macro F1 over the gold labels (faq/<entry> level). Per-language accuracy from
  the blind sets' lang field. False accepts: out_of_scope messages given any in-scope
  label; false rejects: in-scope messages given nlu_fallback or out_of_scope.
- 5-fold cross-validation of the new pipeline on data/nlu (`rasa test nlu
  --cross-validation`). Rasa writes each prediction with the fallback undone (the top
  intent and its confidence), so the fallback is applied afterwards: below config.yml's
  threshold it is nlu_fallback, exactly as the pipeline does (rules after it answer with
  confidence 1.0). The same predictions give false accepts (out_of_scope lines) and
  false rejects (in-scope lines) for thresholds 0.10-0.70; the threshold chosen is the
  one with the fewest false accepts among those with at most 3% false rejects (the
  highest such threshold on a tie). Other thresholds ignore the rare case of a
  rule that answers only after a fallback.
- Latency: `rasa run --enable-api` with the model (empty endpoints, e5 cache off so
  every message is embedded as a new one would be); every message of nlu_test_all.yml
  and nlu_blind.yml POSTed to /model/parse twice, the first pass as warm-up, the second
  measured. Memory: resident set of the Rasa process tree 5 s after the runs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import requests
import yaml

from bench.common import machine, save, summary, tree_rss_mib
from bench.nlu_eval import labelled
from bot.config import ROOT
from bot.understanding.transactions import parse_transactions
from devtools.setup_tasks import rasa_env

PIPELINES = {"new": "config.yml", "old": "bench/configs/diet.yml"}
FILES = {
    "test_all": "tests/data/nlu_test_all.yml",
    "blind": "tests/data/nlu_blind.yml",
    "blind2": "tests/data/nlu_blind2.yml",
}
LATENCY_FILES = ("test_all", "blind")
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
OOS, FALLBACK = "out_of_scope", "nlu_fallback"
THRESHOLDS = [round(0.10 + 0.05 * i, 2) for i in range(13)]
MAX_FALSE_REJECTS = 0.03
CV_TIMEOUT_S = 15 * 60

Row = dict[str, Any]


def env(**extra: str) -> dict[str, str]:
    return {**rasa_env(), "OMP_NUM_THREADS": "1", **extra}


def run_logged(cmd: list[str], log: Path, extra: dict[str, str], timeout: float | None = None) -> float:
    """Run a Rasa command from the project root, output to `log`; seconds taken."""
    started = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(cmd, cwd=ROOT, env=env(**extra), stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
    if done.returncode:
        tail = log.read_text()[-2000:]
        raise RuntimeError(f"{' '.join(cmd[:3])} failed ({done.returncode}):\n{tail}")
    return round(time.monotonic() - started, 1)


def train(config: str, out: Path, e5_cache: Path) -> float:
    """Full `rasa train` with an empty Rasa cache (nothing reused but the e5 cache given)."""
    rasa_cache = Path(tempfile.mkdtemp(dir=out.parent))
    cmd = [str(RASA), "train", "--config", config, "--out", str(out), "--fixed-model-name", "x"]
    try:
        return run_logged(
            cmd,
            out.parent / f"train-{out.name}.log",
            {"RASA_CACHE_DIRECTORY": str(rasa_cache), "E5_CACHE_DIR": str(e5_cache)},
        )
    finally:
        shutil.rmtree(rasa_cache, ignore_errors=True)


# ---------------------------------------------------------------- scoring


def shown(gold: str, predicted: str) -> str:
    """The prediction as she experiences it: a fallback on an off-topic message is the boundary reply."""
    return OOS if gold == OOS and predicted == FALLBACK else predicted


LEDGER = {"record_sale": "sale", "record_expense": "expense"}


def ledger_seen(row: Row) -> str:
    """Both bookkeeping intents run the same action, which re-reads the text: what she sees is the
    kind the parser gives (or its "penjualan atau belanja?" question), not the intent's name."""
    gold, predicted = row["gold"], row["predicted"]
    if gold not in LEDGER or predicted not in LEDGER:
        return predicted
    kinds = {i.kind for i in parse_transactions(row["text"], date.today()).items}
    return gold if kinds <= {LEDGER[gold], None} else predicted


def intent_of(label: str) -> str:
    return label.split("/", 1)[0]


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    scores = []
    for label in sorted({g for g, _ in pairs}):
        tp = sum(g == label and p == label for g, p in pairs)
        wrong = sum((g == label) != (p == label) for g, p in pairs)
        scores.append(2 * tp / (2 * tp + wrong))
    return round(sum(scores) / len(scores), 4)


def score(rows: Iterable[Row]) -> dict[str, Any]:
    """Rows with gold, predicted (the label she sees) and optionally lang."""
    rows = list(rows)
    pairs = [(r["gold"], shown(r["gold"], r["predicted"])) for r in rows]
    oos = [p for g, p in pairs if g == OOS]
    in_scope = [p for g, p in pairs if g != OOS]
    languages: dict[str, list[bool]] = {}
    for r, (g, p) in zip(rows, pairs, strict=True):
        if r.get("lang"):
            languages.setdefault(r["lang"], []).append(g == p)
    confusions = Counter(f"{g} -> {p}" for g, p in pairs if g != p)
    seen = [(r["gold"], shown(r["gold"], ledger_seen(r))) for r in rows if "text" in r]
    result: dict[str, Any] = {
        "n": len(pairs),
        "accuracy": rate(sum(g == p for g, p in pairs), len(pairs)),
        # The same, with sale-vs-spending judged by the kind her entry gets (bookkeeping shares one action).
        "accuracy_bookkeeping_by_kind": rate(sum(g == p for g, p in seen), len(seen)) if seen else None,
        "intent_accuracy": rate(sum(intent_of(g) == intent_of(p) for g, p in pairs), len(pairs)),
        "macro_f1": macro_f1(pairs),
        "false_accept_rate": rate(sum(p not in (OOS, FALLBACK) for p in oos), len(oos)),
        "false_reject_rate": rate(sum(p in (OOS, FALLBACK) for p in in_scope), len(in_scope)),
        "out_of_scope_n": len(oos),
    }
    if languages:
        result["accuracy_by_lang"] = {
            k: {"n": len(v), "accuracy": rate(sum(v), len(v))} for k, v in sorted(languages.items())
        }
    result["top_confusions"] = dict(confusions.most_common(10))
    return result


# ---------------------------------------------------------------- held-out files


def predictions(model: Path, files: list[str], e5_cache: Path, log: Path) -> list[Row]:
    """bench/nlu_eval.py in Rasa's venv; Rasa may log on stdout, so only JSON lines count."""
    cmd = [str(RASA_PYTHON), "-m", "bench.nlu_eval", str(model), *files]
    with log.open("w") as err:
        done = subprocess.run(
            cmd,
            cwd=ROOT,
            env=env(E5_CACHE_DIR=str(e5_cache)),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=False,
        )
    if done.returncode:
        raise RuntimeError(f"nlu_eval failed ({done.returncode}):\n{log.read_text()[-2000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def held_out(model: Path, e5_cache: Path, work: Path) -> dict[str, Any]:
    rows = predictions(model, list(FILES.values()), e5_cache, work / f"eval-{model.parent.name}.log")
    return {key: score(r for r in rows if r["file"] == path) for key, path in FILES.items()}


# ---------------------------------------------------------------- cross-validation


def fallback_threshold(config: str) -> float:
    pipeline = yaml.safe_load((ROOT / config).read_text())["pipeline"]
    return float(next(c["threshold"] for c in pipeline if c["name"] == "FallbackClassifier"))


def read_json(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text()) if path.exists() else []


def cv_rows(out: Path) -> list[Row]:
    """Gold label, top prediction (faq/<entry> for knowledge) and its confidence, from Rasa's CV files."""
    # Rasa writes entries only for knowledge (faq) gold lines: another line answered with an entry is "faq/?".
    entries: dict[str, tuple[str, str]] = {}
    for name in ("response_selection_successes.json", "response_selection_errors.json"):
        for e in read_json(out / name):
            predicted = (e.get("intent_response_key_prediction") or {}).get("name") or "faq/?"
            entries.setdefault(e["text"], (e["intent_response_key_target"], predicted))
    rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        for e in read_json(out / name):
            gold_entry, predicted_entry = entries.get(e["text"], (e["intent"], "faq/?"))
            top = e["intent_prediction"]["name"] or FALLBACK
            rows.append(
                {
                    "gold": gold_entry if e["intent"] == "faq" else e["intent"],
                    "top": predicted_entry if top == "faq" else top,
                    "confidence": float(e["intent_prediction"]["confidence"] or 0.0),
                }
            )
    return rows


def at_threshold(rows: list[Row], threshold: float) -> list[Row]:
    return [{**r, "predicted": r["top"] if r["confidence"] >= threshold else FALLBACK} for r in rows]


def threshold_table(rows: list[Row]) -> dict[str, Any]:
    oos = sum(r["gold"] == OOS for r in rows)
    table = []
    for t in THRESHOLDS:
        pairs = [(r["gold"], shown(r["gold"], r["predicted"])) for r in at_threshold(rows, t)]
        fa = sum(g == OOS and p not in (OOS, FALLBACK) for g, p in pairs)
        fr = sum(g != OOS and p in (OOS, FALLBACK) for g, p in pairs)
        accuracy = rate(sum(g == p for g, p in pairs), len(pairs))
        table.append(
            {
                "threshold": t,
                "false_accepts": fa,
                "false_accept_rate": rate(fa, oos),
                "false_rejects": fr,
                "false_reject_rate": rate(fr, len(rows) - oos),
                "accuracy": accuracy,
            }
        )
    # The targets as the rule: as few off-topic messages accepted as possible while at most
    # 3% of in-scope ones fall back (false accepts only fall as the threshold rises).
    allowed = [row for row in table if (row["false_reject_rate"] or 0.0) <= MAX_FALSE_REJECTS]
    best = min(allowed, key=lambda row: (row["false_accepts"], -row["threshold"]), default=None)
    return {"table": table, "chosen_threshold": best["threshold"] if best else None}


def cross_validate(config: str, work: Path, e5_cache: Path) -> dict[str, Any]:
    out = work / "cv"
    cmd = [str(RASA), "test", "nlu", "--cross-validation", "--folds", "5", "--config", config, "--nlu", "data/nlu"]
    cmd += ["--out", str(out), "--successes", "--no-plot"]
    rasa_cache = work / "cv-rasa-cache"
    rasa_cache.mkdir()
    try:
        seconds = run_logged(
            cmd, work / "cv.log", {"RASA_CACHE_DIRECTORY": str(rasa_cache), "E5_CACHE_DIR": str(e5_cache)}, CV_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return {"error": f"cross-validation took more than {CV_TIMEOUT_S} s; stopped"}
    except RuntimeError as e:
        return {"error": str(e)}
    rows = cv_rows(out)
    threshold = fallback_threshold(config)
    report = json.loads((out / "intent_report.json").read_text())
    return {
        "seconds": seconds,
        "config_threshold": threshold,
        **score(at_threshold(rows, threshold)),
        "rasa_intent_accuracy_fallback_undone": round(report["accuracy"], 4),
        "threshold_choice": threshold_table(rows),
    }


# ---------------------------------------------------------------- latency and memory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(model: Path, texts: list[str], work: Path) -> dict[str, Any]:
    endpoints = work / "endpoints-empty.yml"
    endpoints.write_text("")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(RASA), "run", "--enable-api", "--model", str(model), "-i", "127.0.0.1", "--port", str(port)]
    cmd += ["--endpoints", str(endpoints)]
    log = work / f"serve-{model.parent.name}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env(E5_CACHE_DIR=""), stdout=out, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rasa run exited:\n{log.read_text()[-2000:]}")
            try:
                if requests.get(f"{base}/status", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() - started > 600:
                raise RuntimeError("rasa run did not answer /status within 600 s")
            time.sleep(1)
        load_s = round(time.monotonic() - started, 1)
        session = requests.Session()
        samples: list[float] = []
        for measured in (False, True):
            for text in texts:
                t0 = time.perf_counter()
                session.post(f"{base}/model/parse", json={"text": text}, timeout=60).raise_for_status()
                if measured:
                    samples.append((time.perf_counter() - t0) * 1000)
        time.sleep(5)
        return {"start_to_ready_s": load_s, "parse": summary(samples), "rss_mib_at_rest": tree_rss_mib(proc.pid)}
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- main


def main() -> None:
    result: dict[str, Any] = {
        "machine": {**machine(), "load_average_at_start": os.getloadavg()[0]},
        "method": (__doc__ or "").strip(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        e5_cache = work / "e5"
        e5_cache.mkdir()
        models = {"new": work / "new" / "x.tar.gz", "old": work / "old" / "x.tar.gz"}
        print("training new pipeline (cold, then warm e5 cache) and old pipeline ...", flush=True)
        training = {
            "new_cold_s": train(PIPELINES["new"], work / "new-cold", e5_cache),
            "new_warm_s": train(PIPELINES["new"], work / "new", e5_cache),
            "old_s": train(PIPELINES["old"], work / "old", e5_cache),
        }
        result["training"] = training
        print(json.dumps(training), flush=True)
        for name, model in models.items():
            print(f"held-out files, {name} ...", flush=True)
            result[name] = {"config": PIPELINES[name], "held_out": held_out(model, e5_cache, work)}
        print("cross-validation, new ...", flush=True)
        result["new"]["cross_validation"] = cross_validate(PIPELINES["new"], work, e5_cache)
        texts = [m["text"] for key in LATENCY_FILES for m in labelled(ROOT / FILES[key])]
        for name, model in models.items():
            print(f"latency and memory, {name} ...", flush=True)
            result[name]["serving"] = serve(model, texts, work)
    path = save("understanding", result)
    brief = {
        name: {
            **{k: v["accuracy"] for k, v in result[name]["held_out"].items()},
            "p50_ms": result[name]["serving"]["parse"]["median_ms"],
        }
        for name in PIPELINES
    }
    print(json.dumps({"training": result["training"], **brief}, indent=1), "->", path)


if __name__ == "__main__":
    main()
