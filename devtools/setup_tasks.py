"""Setup steps after the virtual environments exist: catalogs, database, model.

`python -m devtools.setup_tasks` is idempotent and cached: the model is retrained only
when what it is trained from changes (hash of data/, config.yml, domain.yml, nlu/
and the Rasa lock).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.config import INSTANCE, ROOT, load_settings
from bot.i18n import LOCALE_DIR

MODEL_DIR = ROOT / "models"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
# bot/understanding/ (the parsers only the app uses) is deliberately not here: editing them must not retrain.
TRAINING_INPUTS = ("config.yml", "domain.yml", "requirements-rasa.lock", "data", "nlu")
# Data the app reads but Rasa does not train on: editing them must not retrain the model.
NOT_TRAINING = {
    "data/templates.yml",
    "data/reminders.yml",
    "data/nudges.yml",
    "data/graduation.yml",
    "data/resources.example.csv",
    "nlu/nlg.py",  # loaded by the Rasa server to name responses, never by training
}


def training_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            if file.suffix in (".pyc",) or file.name.startswith("."):
                continue
            if file.relative_to(root).as_posix() in NOT_TRAINING:
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODEL_DIR / f"pkh-{training_hash()}.tar.gz"


def rasa_env() -> dict[str, str]:
    """Environment for every Rasa command: our nlu/ importable, no telemetry (no network here)."""
    env = dict(os.environ)
    # Rasa commands that read endpoints.yml (test, validate) need a tracker database path.
    INSTANCE.mkdir(exist_ok=True)
    env.setdefault("RASA_TRACKER_URL", f"sqlite:///{INSTANCE / 'rasa-tracker.sqlite3'}")
    env.update(
        PYTHONPATH=str(ROOT),
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
    )
    return env


def train_model(force: bool = False) -> Path:
    target = model_path()
    if target.exists() and not force:
        print(f"model up to date: {target.relative_to(ROOT)}")
        return target
    MODEL_DIR.mkdir(exist_ok=True)
    print(f"training Rasa model {target.name} (1-2 minutes on 2 cores; embeddings cached in .cache/e5) ...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [str(RASA_BIN), "train", "--fixed-model-name", target.name.removesuffix(".tar.gz"), "--out", str(MODEL_DIR)],
        cwd=ROOT,
        env=rasa_env(),
        check=True,
    )
    (MODEL_DIR / "last-training-seconds").write_text(f"{time.monotonic() - started:.1f}\n")
    # Keep only the current model: old ones are hundreds of MB of nothing.
    for old in MODEL_DIR.glob("pkh-*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"trained in {time.monotonic() - started:.0f}s")
    return target


def compile_catalogs() -> None:
    """Extract, update and compile the Babel catalogs (msgids are the Indonesian texts).

    The .po files are only updated when the extracted texts changed, so a setup
    run leaves the work tree clean (an update rewrites the header's date).
    """
    pybabel = str(Path(sys.executable).parent / "pybabel")
    pot = LOCALE_DIR / "messages.pot"
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    before = pot.read_text() if pot.exists() else ""
    quiet = {"cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    extract = [pybabel, "extract", "-F", "babel.cfg", "-k", "N_", "--no-location", "--sort-output", "--omit-header"]
    subprocess.run([*extract, "-o", str(pot), "bot", "actions"], **quiet)  # type: ignore[arg-type]
    if not any(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")):
        return
    if pot.read_text() != before:
        update = [pybabel, "update", "-i", str(pot), "-d", str(LOCALE_DIR), "--no-fuzzy-matching"]
        subprocess.run(update, **quiet)  # type: ignore[arg-type]
    subprocess.run([pybabel, "compile", "-d", str(LOCALE_DIR)], **quiet)  # type: ignore[arg-type]


def upgrade_database() -> None:
    from bot.migrate import upgrade

    upgrade(load_settings().database_url)


def main(argv: list[str]) -> None:
    steps = argv or ["catalogs", "knowledge", "database", "model"]
    if "knowledge" in steps:
        from bot.knowledge.content import write_training_data

        write_training_data()
    if "catalogs" in steps:
        compile_catalogs()
    if "database" in steps:
        upgrade_database()
    if "model" in steps:
        train_model(force="--force" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
