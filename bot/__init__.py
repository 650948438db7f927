"""The PKH WhatsApp assistant: Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.config import Settings, load_settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, instance_relative_config=False)
    app.config["SETTINGS"] = settings
    # Behind a proxy, Twilio signed the public URL: honour X-Forwarded-Proto/Host.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from bot.web import api, health, media, nlg, webhooks

    for blueprint in (webhooks.bp, nlg.bp, health.bp, media.bp, api.bp):
        app.register_blueprint(blueprint)

    # The dashboard (/dasbor): sessions signed with SECRET_KEY, sign-in by a WhatsApp link.
    from bot import dashboard

    if not settings.secret_key:
        raise ValueError("SECRET_KEY is empty: load_settings() generates a local one, production sets it")
    app.config["SECRET_KEY"] = settings.secret_key
    dashboard.init_app(app, settings)

    # Every form posts a CSRF token. Exempt only what authenticates otherwise: Twilio's
    # webhook and status callback (signature), Rasa's NLG calls and the admin API (tokens).
    csrf = CSRFProtect(app)
    for blueprint in (webhooks.bp, nlg.bp, api.bp):
        csrf.exempt(blueprint)

    from bot.cli import register_cli

    register_cli(app)
    return app
