"""The PKH WhatsApp assistant: Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.config import Settings, load_settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, instance_relative_config=False)
    app.config["SETTINGS"] = settings
    # Behind a proxy, Twilio signed the public URL: honour X-Forwarded-Proto/Host.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from bot.web import health, nlg, webhooks

    app.register_blueprint(webhooks.bp)
    app.register_blueprint(nlg.bp)
    app.register_blueprint(health.bp)

    from bot.cli import register_cli

    register_cli(app)
    return app
