"""GET /healthz: ready only when the database, a warmed Rasa model and the action server all answer."""

from __future__ import annotations

import requests
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from bot.config import Settings
from bot.db import session_scope
from bot.messaging import rasa_client
from bot.messaging.models import RuntimeState

bp = Blueprint("health", __name__)

WARM_KEY = "rasa_warm_model"


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    settings: Settings = current_app.config["SETTINGS"]
    checks: dict[str, str] = {}
    warmed: str | None = None
    try:
        with session_scope(settings.database_url) as session:
            session.execute(text("SELECT 1"))
            state = session.get(RuntimeState, WARM_KEY)
            warmed = state.value if state else None
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        model_id = rasa_client.status(settings.rasa_url, settings.rasa_token).get("model_id")
        if not model_id:
            checks["rasa"] = "no model loaded"
        elif model_id != warmed:
            checks["rasa"] = "model loaded, not warmed yet"
        else:
            checks["rasa"] = "ok"
    except requests.RequestException as exc:
        checks["rasa"] = f"unreachable: {type(exc).__name__}"
    try:
        requests.get(f"{settings.actions_url}/health", timeout=2).raise_for_status()
        checks["actions"] = "ok"
    except requests.RequestException as exc:
        checks["actions"] = f"unreachable: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    if not ready:
        body["missing"] = sorted(k for k, v in checks.items() if v != "ok")
    return jsonify(body), 200 if ready else 503
