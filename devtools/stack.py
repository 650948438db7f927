"""The real system on a temporary database, and Prism: shared by the e2e tests and bench/."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from bot.config import ROOT, Settings, load_settings
from bot.db import session_scope
from bot.migrate import upgrade
from bot.roster.importer import import_roster
from devtools.runner import Stack
from devtools.setup_tasks import model_path

SPEC_DIR = Path(os.environ.get("TWILIO_OAI_DIR", ROOT.parent / "shared" / "twilio-oai"))
PUBLIC_BASE_URL = "https://pkh-assistant.example.org"
ROSTER = ROOT / "tests" / "data" / "roster_good.csv"


# Well-formed ContentSids (Twilio's spec requires ^HX[0-9a-f]{32}$) standing in for approved templates.
TEMPLATE_ENV = {
    f"TWILIO_CONTENT_{purpose}_ID": "HX" + digit * 32
    for purpose, digit in (
        ("MEETING_INVITATION", "1"),
        ("MEETING_REMINDER", "2"),
        ("MEETING_CHANGED", "3"),
        ("MEETING_CANCELLED", "4"),
        ("WEEKLY_NUDGE", "5"),
    )
}


class SetupMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_settings(tmp: Path, **overrides: Any) -> Settings:
    """Own ports, database and secrets, so a run never touches `make run`'s instance/."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp / 'app.sqlite3'}",
        "port": free_port(),
        "rasa_port": free_port(),
        "actions_port": free_port(),
        "public_base_url": PUBLIC_BASE_URL,
        "twilio_account_sid": "AC" + "1" * 32,
        "twilio_auth_token": "e2e-auth-token",
        "twilio_whatsapp_from": "whatsapp:+14155238886",
        "rasa_token": "e2e-rasa-token",
        "admin_token": "e2e-admin-token",
        "actions_token": "e2e-actions-token",
        "secret_key": "e2e-secret-key",
        "worker_poll_seconds": 0.2,
        "rasa_tracker_url": f"sqlite:///{tmp / 'tracker.sqlite3'}",
    }
    values.update(overrides)
    return dataclasses.replace(load_settings(), **values)


@contextmanager
def running_stack(tmp: Path, settings: Settings) -> Iterator[Stack]:
    """Migrate, import the test roster, start all four processes, wait for /healthz."""
    model = model_path()
    if not model.exists():
        raise SetupMissing(f"no trained model at {model}: run `make test`, which trains it")
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        assert import_roster(session, ROSTER.read_bytes()).ok
    # One clock file for every process: tests move time forward instead of sleeping (bot/clock.py).
    env = {"CLOCK_FILE": str(tmp / "clock"), **TEMPLATE_ENV}
    stack = Stack(settings, model, log_dir=tmp / "logs", extra_env=env)
    stack.start()
    try:
        stack.wait_ready(timeout=900)
        yield stack
    finally:
        stack.stop()


@contextmanager
def prism(tmp: Path) -> Iterator[str]:
    """Prism serving Twilio's core API spec; -d gives each message its own random sid."""
    binary = ROOT / "node_modules" / ".bin" / "prism"
    spec = SPEC_DIR / "twilio_api_v2010.json"
    if not binary.exists() or not spec.exists():
        raise SetupMissing(f"Prism ({binary}) or Twilio's spec ({spec}) missing: run `make test`")
    port = free_port()
    with open(tmp / "prism.log", "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(url, timeout=1)
                break
            except requests.RequestException:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise SetupMissing(f"Prism did not start (log: {log.name})") from None
                time.sleep(0.5)
        try:
            yield url
        finally:
            proc.terminate()
            proc.wait(10)
