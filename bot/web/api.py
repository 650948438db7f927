"""The admin API: a KPM's transactions over a date range (contract), monthly meeting attendance."""

from __future__ import annotations

import hmac
from datetime import date

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from bot.db import session_scope
from bot.ledger import service
from bot.roster.phone import InvalidPhone, normalize_phone

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _require_admin_token() -> None:
    expected = current_app.config["SETTINGS"].admin_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(401)


def _date_arg(name: str) -> date:
    try:
        return date.fromisoformat(request.args[name])
    except (KeyError, ValueError):
        abort(400, f"{name} must be YYYY-MM-DD")


@bp.get("/kpm/<phone>/transactions")
def transactions(phone: str) -> ResponseReturnValue:
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone:
        abort(404)
    start, end = _date_arg("from"), _date_arg("to")
    if end < start:
        abort(400, "to is before from")
    with session_scope(current_app.config["SETTINGS"].database_url) as session:
        kpm_id = service.kpm_id_for(session, e164)
        if kpm_id is None:
            abort(404)
        rows = service.entries(session, [kpm_id], start, end)
    return jsonify([entry.as_json() for _, entry in rows])


@bp.get("/attendance")
def attendance() -> ResponseReturnValue:
    """?month=YYYY-MM[&kelompok=NAME]: per KPM, how often invited, answered and present."""
    from bot.meetings.attendance import month_of, monthly

    try:
        month = month_of(request.args.get("month", ""))
    except ValueError:
        abort(400, "month must be YYYY-MM")
    with session_scope(current_app.config["SETTINGS"].database_url) as session:
        return jsonify(monthly(session, month, request.args.get("kelompok") or None))
