"""`make run`: the four processes in the foreground, stopped together by one Ctrl-C.

The same Stack starts the real system for the end-to-end tests and benchmarks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests

from bot.config import ROOT, Settings, for_rasa, load_settings
from devtools.setup_tasks import model_path, rasa_env

VENV = ROOT / ".venv" / "bin"
VENV_RASA = ROOT / ".venv-rasa" / "bin"


def settings_env(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What every child needs so they all agree on ports, database and secrets."""
    env = rasa_env()
    env.update(
        DATABASE_URL=settings.database_url,
        RASA_TRACKER_URL=for_rasa(settings.rasa_tracker_url),
        PORT=str(settings.port),
        RASA_PORT=str(settings.rasa_port),
        ACTIONS_PORT=str(settings.actions_port),
        ACTIONS_HOST=settings.actions_host,
        ACTIONS_TOKEN=settings.actions_token,
        TWILIO_ACCOUNT_SID=settings.twilio_account_sid,
        TWILIO_AUTH_TOKEN=settings.twilio_auth_token,
        TWILIO_WHATSAPP_FROM=settings.twilio_whatsapp_from,
        TWILIO_API_BASE_URL=settings.twilio_api_base_url,
        ADMIN_TOKEN=settings.admin_token,
        RASA_TOKEN=settings.rasa_token,
        TZ=settings.tz,
        RASA_REPLY_TIMEOUT=str(settings.rasa_reply_timeout),
        SEND_RATE_PER_SECOND=str(settings.send_rate_per_second),
        WORKER_POLL_SECONDS=str(settings.worker_poll_seconds),
        WHATSAPP_DAILY_LIMIT=str(settings.whatsapp_daily_limit),
        CONVERSATION_QUIET_MINUTES=str(settings.conversation_quiet_minutes),
        QUESTION_TTL_MINUTES=str(settings.question_ttl_minutes),
        SECRET_KEY=settings.secret_key,
    )
    if settings.public_base_url:
        env["PUBLIC_BASE_URL"] = settings.public_base_url
    env.update(extra or {})
    return env


def web_command(bind: str) -> list[str]:
    """The web app as `make run` serves it (also used by bench/dashboard.py's browser timings)."""
    return [
        str(VENV / "gunicorn"),
        *("--bind", bind, "--workers", "2", "--worker-class", "gthread", "--threads", "8", "--timeout", "60"),
        "webhook:app",
    ]


def commands(settings: Settings, model: Path) -> dict[str, list[str]]:
    return {
        "rasa": [
            str(VENV_RASA / "rasa"),
            "run",
            "--enable-api",
            "--auth-token",
            settings.rasa_token,
            "-i",
            "127.0.0.1",
            "-p",
            str(settings.rasa_port),
            "--model",
            str(model),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ],
        "actions": [str(VENV / "python"), "-m", "actions.server"],
        "web": web_command(f"0.0.0.0:{settings.port}"),
        "worker": [str(VENV / "python"), "-m", "bot.worker"],
    }


@dataclass
class Stack:
    settings: Settings
    model: Path
    log_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: dict[str, IO[bytes]] = field(default_factory=dict)

    def start(self, *names: str) -> None:
        cmds = commands(self.settings, self.model)
        env = settings_env(self.settings, self.extra_env)
        for name in names or tuple(cmds):
            out: IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                out = self._logs[name] = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115
            # Own session: Ctrl-C reaches the runner, which stops the children in order.
            self.procs[name] = subprocess.Popen(
                cmds[name],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                start_new_session=True,
            )

    def stop(self, *names: str, timeout: float = 15) -> None:
        targets = [n for n in (names or tuple(self.procs)) if n in self.procs]
        for name in targets:
            if self.procs[name].poll() is None:
                os.killpg(self.procs[name].pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name in targets:
            proc = self.procs.pop(name)
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            if name in self._logs:
                self._logs.pop(name).close()

    def crashed(self) -> dict[str, int]:
        return {n: p.returncode for n, p in self.procs.items() if p.poll() is not None}

    def health(self) -> tuple[int, dict[str, object]]:
        try:
            resp = requests.get(f"http://127.0.0.1:{self.settings.port}/healthz", timeout=5)
            return resp.status_code, resp.json()
        except (requests.RequestException, ValueError) as exc:
            return 0, {"error": type(exc).__name__}

    def wait_ready(self, timeout: float = 600, on_wait: object = None) -> None:
        deadline = time.monotonic() + timeout
        last: dict[str, object] = {}
        while time.monotonic() < deadline:
            dead = self.crashed()
            if dead:
                raise RuntimeError(f"process(es) exited during start: {dead}{self._log_hint()}")
            code, last = self.health()
            if code == 200:
                return
            time.sleep(1)
        raise TimeoutError(f"not ready after {timeout:.0f}s: {last}{self._log_hint()}")

    def _log_hint(self) -> str:
        return f" (logs in {self.log_dir})" if self.log_dir else ""


def banner(settings: Settings) -> str:
    public = settings.public_base_url or f"http://localhost:{settings.port}"
    return f"""
──────────────────────────────────────────────────────────────
 PKH WhatsApp assistant is ready.
   Twilio webhook:   {public}/webhooks/whatsapp   (POST, signed)
   Status callback:  {public}/webhooks/whatsapp/status
   Health:           http://localhost:{settings.port}/healthz
 Try it without Twilio, in another terminal:
   .venv/bin/python -m devtools.chat --phone 081234567890
 Stop everything: Ctrl-C
──────────────────────────────────────────────────────────────
"""


def main() -> int:
    settings = load_settings()
    model = model_path()
    if not model.exists():
        print(f"No trained model at {model}; run `make setup` (or `make run`, which does it).", file=sys.stderr)
        return 2
    stack = Stack(settings, model)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("starting rasa, actions, web and worker (Rasa needs 1-2 minutes to load) ...", flush=True)
    stack.start()
    announced = False
    code = 0
    started = time.monotonic()
    while not stopping:
        dead = stack.crashed()
        if dead:
            for name, rc in dead.items():
                print(f"\n!! {name} exited with code {rc}; stopping the others.", file=sys.stderr, flush=True)
            code = 1
            break
        if not announced and stack.health()[0] == 200:
            print(banner(settings), flush=True)
            print(f"(ready after {time.monotonic() - started:.0f}s)", flush=True)
            announced = True
        time.sleep(1)
    print("\nstopping ...", flush=True)
    stack.stop()
    print("all stopped.")
    return code


if __name__ == "__main__":
    sys.exit(main())
