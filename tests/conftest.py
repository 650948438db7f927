"""Fixtures. Unit tests get a migrated SQLite database; end-to-end tests share one
real stack per session (Rasa with the trained model, action server, gunicorn web
app, worker) talking to Prism, Twilio's API mocked from Twilio's OpenAPI file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from devtools import databases
from devtools import stack as real
from devtools.runner import Stack
from tests.twilio_proxy import TwilioProxy


@pytest.fixture()
def db_url(tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own: SQLite, or PostgreSQL when TEST_DATABASE_URL names a server."""
    with databases.fresh_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def _drop_template_database() -> Iterator[None]:
    yield
    databases.drop_template()


@pytest.fixture()
def settings(db_url: str) -> Settings:
    return dataclasses.replace(
        load_settings(),
        database_url=db_url,
        twilio_auth_token="test-auth-token",
        public_base_url=real.PUBLIC_BASE_URL,
        rasa_token="test-rasa-token",
        admin_token="test-admin-token",
    )


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        with real.prism(tmp_path_factory.mktemp("prism")) as url:
            yield url
    except real.SetupMissing as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def twilio(prism: str) -> Iterator[TwilioProxy]:
    """Prism behind a recording proxy that can also inject Twilio's throttling errors."""
    proxy = TwilioProxy(upstream=prism)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, twilio: TwilioProxy) -> Iterator[Stack]:
    """The real system, started once per test session (Rasa needs a minute or two to load)."""
    tmp = tmp_path_factory.mktemp("stack")
    assert twilio.server is not None
    twilio_url = f"http://127.0.0.1:{twilio.server.server_address[1]}"
    try:
        with (
            databases.fresh_database(tmp, migrated=False) as database_url,
            databases.fresh_database(tmp, migrated=False) as tracker_url,
        ):
            settings = real.isolated_settings(
                tmp, twilio_api_base_url=twilio_url, database_url=database_url, rasa_tracker_url=tracker_url
            )
            with real.running_stack(tmp, settings) as running:
                yield running
    except real.SetupMissing as exc:
        pytest.fail(str(exc))
