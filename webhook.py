"""WSGI entry point: `gunicorn webhook:app`, `flask --app webhook ...`."""

from bot import create_app

app = create_app()
