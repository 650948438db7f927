"""Rasa's NLG-server endpoint: Rasa names a response, we render it for this person."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.config import Settings
from bot.db import session_scope
from bot.knowledge.answers import knowledge_answer
from bot.knowledge.content import key_from_response
from bot.replies import UnknownResponse, render
from bot.roster.identity import Identity, identify
from nlu.keywords import is_salam

bp = Blueprint("nlg", __name__)

ALIASES = {"utter_default": "utter_fallback"}


@bp.post("/nlg")
def nlg() -> ResponseReturnValue:
    settings: Settings = current_app.config["SETTINGS"]
    token = request.args.get("token", "")
    if not hmac.compare_digest(token.encode(), settings.rasa_token.encode()):
        abort(403)
    payload = request.get_json(force=True)
    name = ALIASES.get(payload.get("response", ""), payload.get("response", ""))
    arguments = dict(payload.get("arguments") or {})
    tracker = payload.get("tracker") or {}
    latest = tracker.get("latest_message") or {}
    sender = tracker.get("sender_id", "")
    # Who she is came with her message (bot/pipeline.py); looked up only when no message of hers brought it.
    who = Identity.from_metadata(latest.get("metadata"))
    if who is None or who.phone != sender:
        with session_scope(settings.database_url) as session:
            who = identify(session, sender)
    user_text = latest.get("text") or ""
    values = {k: v for k, v in arguments.items() if isinstance(v, str | int | float)}
    if name == "utter_greet":
        values["salam"] = is_salam(user_text)
    key = key_from_response(name)
    try:
        text = knowledge_answer(key, who) if key else render(name, who, **values)
    except (UnknownResponse, KeyError, IndexError):
        current_app.logger.exception("cannot render response %r", name)
        text = render("utter_fallback", who)
    return jsonify({"text": text})
