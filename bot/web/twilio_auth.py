"""Every Twilio webhook is checked against X-Twilio-Signature before anything is stored."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, request

from bot.config import Settings
from bot.messaging.signature import is_valid_signature


def public_url(settings: Settings) -> str:
    """The URL as Twilio called it: PUBLIC_BASE_URL if set, else the request URL (proxy headers honoured)."""
    path = request.full_path if request.query_string else request.path
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + path
    return request.url


def twilio_signed(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        settings: Settings = current_app.config["SETTINGS"]
        params = list(request.form.items(multi=True))
        signature = request.headers.get("X-Twilio-Signature")
        if not is_valid_signature(settings.twilio_auth_token, public_url(settings), params, signature):
            current_app.logger.warning("rejected unsigned or forged request to %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper
