"""The action server: rasa-sdk's Sanic app on a private address, answering Rasa only.

`python -m rasa_sdk` listens on every interface and runs whatever tracker it is
posted, so anyone who reached the port could act in a KPM's name. We build the
same app, bind it to ACTIONS_HOST (127.0.0.1 unless a multi-host setup says
otherwise) and refuse every call that lacks the token Rasa sends
(endpoints.yml: `Authorization: Bearer ${ACTIONS_TOKEN}`).
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Request, Sanic, response
from sanic.response import HTTPResponse

from bot.config import load_settings

log = logging.getLogger(__name__)

# Liveness carries no data, so health checks need no secret.
OPEN_PATHS = frozenset({"/health"})


def build_app(token: str) -> Sanic:
    if not token:
        raise ValueError("ACTIONS_TOKEN must not be empty")
    executor = ActionExecutor()
    executor.register_package("actions")
    # No CORS: nothing in a browser has any business calling actions.
    app = create_app(executor, cors_origins=None)
    expected = f"Bearer {token}".encode()

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get("authorization", "").encode()
        if hmac.compare_digest(given, expected):
            return None
        log.warning("refused an action call without the token from %s", request.ip)
        return response.json({"error": "unauthorized"}, status=401)

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = load_settings()
    app = build_app(settings.actions_token)
    app.run(
        host=settings.actions_host,
        port=settings.actions_port,
        single_process=True,
        access_log=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
