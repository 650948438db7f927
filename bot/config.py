"""Settings from the environment (a `.env` file is read if present).

Defaults run locally with no accounts: secrets that are not given are generated
once and kept in instance/local-secrets.json so every process agrees on them.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
TWILIO_DEFAULT_API = "https://api.twilio.com"
# A well-formed placeholder: Twilio's API rejects a malformed AccountSid outright.
LOCAL_ACCOUNT_SID = "AC" + "0" * 32


def _local_secret(name: str) -> str:
    """A random secret generated on first use and shared by all local processes."""
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "local-secrets.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    if name not in data:
        data[name] = secrets.token_hex(16)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2))
        tmp.replace(path)
    return data[name]


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    database_url: str
    port: int
    rasa_port: int
    actions_port: int
    public_base_url: str | None
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_whatsapp_from: str
    twilio_api_base_url: str
    admin_token: str
    rasa_token: str
    tz: str
    # Rasa sends it on every action call; the action server refuses calls without it.
    actions_token: str = ""
    # The action server trusts the tracker it is sent, so it listens on a private address only.
    actions_host: str = "127.0.0.1"
    # Seconds the webhook waits for Rasa before answering Twilio empty and
    # delivering later; Twilio gives up after 15 s.
    rasa_reply_timeout: float = 6.0
    send_rate_per_second: float = 10.0
    send_max_attempts: int = 6
    worker_poll_seconds: float = 1.0
    # WhatsApp's limit on people a business may start conversations with per rolling 24 h (tier 1).
    whatsapp_daily_limit: int = 250
    # A reminder waits while she is mid-conversation: until she has been quiet this long.
    conversation_quiet_minutes: int = 5
    # A question we asked (a form, a read-back, a yes/no) left unanswered this long is forgotten quietly.
    question_ttl_minutes: float = 30.0
    # Signs the dashboard's session cookie and CSRF tokens; every web worker must share it.
    secret_key: str = ""
    # Rasa's SQL tracker store (endpoints.yml), as Rasa's SQLAlchemy 1.4 reads it: sqlite:///... or
    # postgresql://user@host/db (psycopg2, inside Rasa's venv). Erasing her data deletes there too.
    rasa_tracker_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def status_callback_url(self) -> str | None:
        if not self.public_base_url:
            return None
        return self.public_base_url.rstrip("/") + "/webhooks/whatsapp/status"


def for_rasa(url: str) -> str:
    """The same database as Rasa's SQLAlchemy 1.4 names it (PostgreSQL through psycopg2)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def for_app(url: str) -> str:
    """A tracker-store URL as this app's SQLAlchemy 2 opens it (PostgreSQL through psycopg 3)."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def question_ttl() -> timedelta:
    """Settings.question_ttl_minutes for code that has no Settings at hand (actions, drafts)."""
    return timedelta(minutes=float(os.environ.get("QUESTION_TTL_MINUTES", "30")))


def load_settings() -> Settings:
    load_dotenv(ROOT / ".env", override=False)
    default_db = f"sqlite:///{INSTANCE / 'pkh.sqlite3'}"
    return Settings(
        database_url=_env("DATABASE_URL", default_db),
        port=int(_env("PORT", "5000")),
        rasa_port=int(_env("RASA_PORT", "5005")),
        actions_port=int(_env("ACTIONS_PORT", "5055")),
        public_base_url=_env("PUBLIC_BASE_URL"),
        twilio_account_sid=_env("TWILIO_ACCOUNT_SID", LOCAL_ACCOUNT_SID),
        twilio_auth_token=_env("TWILIO_AUTH_TOKEN") or _local_secret("TWILIO_AUTH_TOKEN"),
        twilio_whatsapp_from=_env("TWILIO_WHATSAPP_FROM", "whatsapp:+14155238886"),
        twilio_api_base_url=_env("TWILIO_API_BASE_URL", TWILIO_DEFAULT_API),
        admin_token=_env("ADMIN_TOKEN") or _local_secret("ADMIN_TOKEN"),
        rasa_token=_env("RASA_TOKEN") or _local_secret("RASA_TOKEN"),
        actions_token=_env("ACTIONS_TOKEN") or _local_secret("ACTIONS_TOKEN"),
        actions_host=_env("ACTIONS_HOST", "127.0.0.1"),
        tz=_env("TZ", "Asia/Jakarta"),
        rasa_reply_timeout=float(_env("RASA_REPLY_TIMEOUT", "6")),
        send_rate_per_second=float(_env("SEND_RATE_PER_SECOND", "10")),
        send_max_attempts=int(_env("SEND_MAX_ATTEMPTS", "6")),
        worker_poll_seconds=float(_env("WORKER_POLL_SECONDS", "1")),
        whatsapp_daily_limit=int(_env("WHATSAPP_DAILY_LIMIT", "250")),
        conversation_quiet_minutes=int(_env("CONVERSATION_QUIET_MINUTES", "5")),
        question_ttl_minutes=float(_env("QUESTION_TTL_MINUTES", "30")),
        secret_key=_env("SECRET_KEY") or _local_secret("SECRET_KEY"),
        rasa_tracker_url=_env("RASA_TRACKER_URL", f"sqlite:///{INSTANCE / 'rasa-tracker.sqlite3'}"),
    )
