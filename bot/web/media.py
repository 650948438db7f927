"""Pictures we send on WhatsApp, fetched by Twilio from an unguessable URL that expires."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app

from bot.db import session_scope, utcnow
from bot.ledger.models import MediaFile

bp = Blueprint("media", __name__)


@bp.get("/media/<token>.png")
def media(token: str) -> Response:
    with session_scope(current_app.config["SETTINGS"].database_url) as session:
        row = session.get(MediaFile, token)
        if row is None or row.expires_at < utcnow():
            abort(404)
        return Response(row.content, mimetype=row.content_type, headers={"Cache-Control": "private, max-age=3600"})
