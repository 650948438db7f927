"""A slow Rasa answer arrives later through Twilio's API; the README's chat command works."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devtools.runner import Stack
from devtools.stack import free_port
from tests.e2e.chat import chat_cli, say
from tests.helpers import eventually
from tests.twilio_proxy import TwilioProxy

pytestmark = pytest.mark.e2e


@pytest.fixture()
def impatient_web(stack: Stack, tmp_path: Path) -> Iterator[Stack]:
    """A second web app on the same database and Rasa that waits almost nothing for Rasa."""
    settings = dataclasses.replace(stack.settings, port=free_port(), rasa_reply_timeout=0.001)
    web = Stack(settings, stack.model, log_dir=tmp_path, extra_env=stack.extra_env)
    web.start("web")
    eventually(lambda: _up(settings.port), timeout=60, what="second web app")
    yield web
    web.stop()


def _up(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code in (200, 503)
    except requests.RequestException:
        return False


def test_answer_later_than_the_webhook_budget_goes_out_through_twilio(
    impatient_web: Stack, twilio: TwilioProxy
) -> None:
    phone = "+6285700000201"
    reply = say(impatient_web, phone, "apa itu p2k2")
    assert reply.status == 200
    assert reply.texts == [], "Twilio got an empty TwiML in time"
    sent = eventually(lambda: twilio.sent_to(phone), timeout=60, what="late answer sent via REST")
    assert len(sent) == 1 and sent[0].status == 201
    assert "Pertemuan Peningkatan Kemampuan Keluarga" in sent[0].form["Body"][0]


def test_readme_chat_command_prints_the_reply(stack: Stack) -> None:
    result = chat_cli(stack, "--phone", "0857-0000-0202", stdin="halo\nmenu\n")
    assert result.returncode == 0, result.stderr
    assert "Chatting as +6285700000202" in result.stdout
    assert "Halo, Ibu! Saya asisten PKH" in result.stdout
    assert result.stdout.count("2. Apa itu P2K2?") == 2
