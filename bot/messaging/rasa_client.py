"""The relay to Rasa's REST channel and its HTTP API."""

from __future__ import annotations

from typing import Any

import requests


class RasaUnavailable(RuntimeError):
    """Rasa did not answer: down, restarting, or erroring."""


def send(base_url: str, sender: str, text: str, metadata: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
    """Send one user message; return the turn's messages as Rasa's REST channel gives them
    (each response named, not yet rendered: nlu/nlg.py)."""
    try:
        resp = requests.post(
            f"{base_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text, "metadata": metadata},
            timeout=(3, timeout),
        )
    except requests.RequestException as exc:
        raise RasaUnavailable(str(exc)) from exc
    if resp.status_code != 200:
        raise RasaUnavailable(f"HTTP {resp.status_code}: {resp.text[:200]}")
    messages = resp.json()
    if not isinstance(messages, list):
        raise RasaUnavailable(f"unexpected answer: {resp.text[:200]}")
    return [m for m in messages if isinstance(m, dict)]


def append_events(base_url: str, token: str, sender: str, events: list[dict[str, Any]], timeout: float = 5) -> None:
    """Add events to a conversation's tracker (Rasa's HTTP API), e.g. to end a form from outside."""
    try:
        resp = requests.post(
            f"{base_url}/conversations/{sender}/tracker/events",
            params={"token": token},
            json=events,
            timeout=timeout,
        )
    except requests.RequestException as exc:
        raise RasaUnavailable(str(exc)) from exc
    if resp.status_code != 200:
        raise RasaUnavailable(f"HTTP {resp.status_code}: {resp.text[:200]}")


def status(base_url: str, token: str, timeout: float = 2) -> dict[str, Any]:
    resp = requests.get(f"{base_url}/status", params={"token": token}, timeout=timeout)
    resp.raise_for_status()
    return resp.json()


def parse(base_url: str, token: str, text: str, timeout: float) -> dict[str, Any]:
    resp = requests.post(f"{base_url}/model/parse", params={"token": token}, json={"text": text}, timeout=timeout)
    resp.raise_for_status()
    return resp.json()
