"""Rasa's NLG-server endpoint, for Rasa run with the callback generator (ours renders after the turn:
bot/rendering.py): Rasa names a response, we render it for this person."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.config import Settings
from bot.db import session_scope
from bot.rendering import render_response
from bot.roster.identity import Identity, identify

bp = Blueprint("nlg", __name__)


@bp.post("/nlg")
def nlg() -> ResponseReturnValue:
    settings: Settings = current_app.config["SETTINGS"]
    token = request.args.get("token", "")
    if not hmac.compare_digest(token.encode(), settings.rasa_token.encode()):
        abort(403)
    payload = request.get_json(force=True)
    name = str(payload.get("response", ""))
    arguments = dict(payload.get("arguments") or {})
    tracker = payload.get("tracker") or {}
    latest = tracker.get("latest_message") or {}
    sender = tracker.get("sender_id", "")
    # Who she is came with her message (bot/pipeline.py); looked up only when no message of hers brought it.
    who = Identity.from_metadata(latest.get("metadata"))
    if who is None or who.phone != sender:
        with session_scope(settings.database_url) as session:
            who = identify(session, sender)
    return jsonify({"text": render_response(name, arguments, who, latest.get("text") or "")})
