"""Fixtures. Unit tests get a migrated SQLite database; end-to-end tests share one
real stack per session (Rasa with the trained model, action server, gunicorn web
app, worker) talking to Prism, Twilio's API mocked from Twilio's OpenAPI file."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.config import ROOT, Settings, load_settings
from bot.migrate import upgrade
from bot.runner import Stack
from bot.setup_tasks import model_path
from tests.helpers import free_port
from tests.twilio_proxy import TwilioProxy

SPEC_DIR = Path(os.environ.get("TWILIO_OAI_DIR", ROOT.parent / "shared" / "twilio-oai"))
PUBLIC_BASE_URL = "https://pkh-assistant.example.org"


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture()
def settings(db_url: str) -> Settings:
    return dataclasses.replace(
        load_settings(),
        database_url=db_url,
        twilio_auth_token="test-auth-token",
        public_base_url=PUBLIC_BASE_URL,
        rasa_token="test-rasa-token",
        admin_token="test-admin-token",
    )


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Prism serving Twilio's core API spec; -d gives each message its own random sid."""
    binary = ROOT / "node_modules" / ".bin" / "prism"
    spec = SPEC_DIR / "twilio_api_v2010.json"
    if not binary.exists() or not spec.exists():
        pytest.fail(f"Prism ({binary}) or Twilio's spec ({spec}) missing: run `make test`, which installs them")
    port = free_port()
    log = open(tmp_path_factory.mktemp("prism") / "prism.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(binary), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(spec)], stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            requests.get(url, timeout=1)
            break
        except requests.RequestException:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start (log: {log.name})")
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.fixture(scope="session")
def twilio(prism: str) -> Iterator[TwilioProxy]:
    proxy = TwilioProxy(upstream=prism)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, twilio: TwilioProxy) -> Iterator[Stack]:
    """The real system, started once per test session (Rasa needs a minute or two to load)."""
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it")
    tmp = tmp_path_factory.mktemp("stack")
    assert twilio.server is not None
    settings = dataclasses.replace(
        load_settings(),
        database_url=f"sqlite:///{tmp / 'app.sqlite3'}",
        port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        public_base_url=PUBLIC_BASE_URL,
        twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token="e2e-auth-token",
        twilio_whatsapp_from="whatsapp:+14155238886",
        twilio_api_base_url=f"http://127.0.0.1:{twilio.server.server_address[1]}",
        rasa_token="e2e-rasa-token",
        admin_token="e2e-admin-token",
        worker_poll_seconds=0.2,
    )
    upgrade(settings.database_url)
    from bot.db import session_scope
    from bot.roster.importer import import_roster

    with session_scope(settings.database_url) as session:
        assert import_roster(session, (ROOT / "tests" / "data" / "roster_good.csv").read_bytes()).ok
    running = Stack(settings, model, log_dir=tmp / "logs", extra_env={"RASA_TRACKER_DB": str(tmp / "tracker.sqlite3")})
    running.start()
    try:
        running.wait_ready(timeout=900)
        yield running
    finally:
        running.stop()
