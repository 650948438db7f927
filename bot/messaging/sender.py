"""Sends outbox rows through Twilio's REST API (the official client), rate-limited, with retries."""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.config import Settings
from bot.messaging import outbox
from bot.messaging.outbox import Outgoing
from bot.messaging.reach import held_at_send
from bot.roster.identity import opt_out
from bot.roster.models import Contact
from bot.roster.phone import mask_phone

log = logging.getLogger(__name__)

# Worth another try: throttled (429, 63018) or Twilio's side failing (5xx).
RETRY_CODES = {63018}
OPTED_OUT = 21610


class RateLimiter:
    """At most `rate` sends per second: each send waits for its slot."""

    def __init__(
        self, rate: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self.next_slot = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = self.clock()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


def backoff(attempt: int) -> timedelta:
    """2, 4, 8 ... seconds, capped at 5 minutes, with jitter so retries do not march together."""
    base = min(2**attempt, 300)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


class RecordingHttpClient(TwilioHttpClient):
    """Keeps the body of the last error: the client's exception drops a mock's validation details."""

    last_error_text: str = ""

    def request(self, *args: Any, **kwargs: Any) -> Response:
        response = super().request(*args, **kwargs)
        self.last_error_text = response.text if response.status_code >= 400 else ""
        return response


def _reason(client: Client, exc: TwilioRestException) -> str:
    detail = getattr(client.http_client, "last_error_text", "")
    try:
        payload = json.loads(detail)
        parts = [payload.get("message") or payload.get("title") or ""]
        parts += [f"{v.get('location', [''])[-1]}: {v.get('message')}" for v in payload.get("validation", [])]
        detail = "; ".join(p for p in parts if p)
    except (ValueError, AttributeError, TypeError):
        pass
    return f"{exc.msg} ({detail})" if detail and detail not in exc.msg else exc.msg


def twilio_client(settings: Settings) -> Client:
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=RecordingHttpClient())
    # Tests and staging point this at a mock built from Twilio's OpenAPI description.
    client.api.base_url = settings.twilio_api_base_url.rstrip("/")
    return client


def whatsapp(phone: str) -> str:
    return phone if phone.startswith("whatsapp:") else f"whatsapp:{phone}"


class OutboxSender:
    def __init__(self, settings: Settings, client: Client | None = None) -> None:
        self.settings = settings
        self.client = client or twilio_client(settings)
        self.limiters: dict[str, RateLimiter] = {}

    def _limiter(self, sender: str) -> RateLimiter:
        if sender not in self.limiters:
            self.limiters[sender] = RateLimiter(self.settings.send_rate_per_second)
        return self.limiters[sender]

    def send_due(self, session: Session) -> SendResult:
        result = SendResult()
        for item in outbox.claim_due(session):
            self._send_one(session, item, result)
            session.commit()
        return result

    def _send_one(self, session: Session, item: Outgoing, result: SendResult) -> None:
        contact = session.get(Contact, item.phone)
        # She may have stopped since the row was queued: nothing we start goes to her.
        if held_at_send(contact, item.purpose):
            outbox.mark_failed(session, item.id, "opted_out", contact.opt_out_reason or "opted out")
            result.failed += 1
            return
        params: dict[str, object] = {"from_": self.settings.twilio_whatsapp_from, "to": whatsapp(item.phone)}
        if item.content_sid:
            params["content_sid"] = item.content_sid
            if item.content_variables:
                params["content_variables"] = item.content_variables
        else:
            params["body"] = item.body or ""
        if item.media_url:
            params["media_url"] = [item.media_url]
        if self.settings.status_callback_url:
            params["status_callback"] = self.settings.status_callback_url
        self._limiter(self.settings.twilio_whatsapp_from).wait()
        try:
            message = self.client.messages.create(**params)  # type: ignore[arg-type]
        except TwilioRestException as exc:
            retryable = exc.status == 429 or exc.status >= 500 or exc.code in RETRY_CODES
            self._failure(session, item, str(exc.code or exc.status), _reason(self.client, exc), retryable, result)
            if exc.code == OPTED_OUT:
                opt_out(session, item.phone, "Twilio 21610: penerima memblokir/berhenti")
            return
        except requests.RequestException as exc:
            self._failure(session, item, "network", str(exc), True, result)
            return
        outbox.mark_sent(session, item.id, message.sid)
        result.sent += 1
        log.info("sent outbox %s to %s as %s", item.id, mask_phone(item.phone), message.sid)

    def _failure(
        self, session: Session, item: Outgoing, code: str, message: str, retryable: bool, result: SendResult
    ) -> None:
        if retryable and item.attempts < self.settings.send_max_attempts:
            outbox.mark_retry(session, item.id, code, message, backoff(item.attempts))
            result.retried += 1
            log.warning("outbox %s to %s: %s %s, will retry", item.id, mask_phone(item.phone), code, message)
        else:
            outbox.mark_failed(session, item.id, code, message)
            result.failed += 1
            log.error("outbox %s to %s failed: %s %s", item.id, mask_phone(item.phone), code, message)
