"""A recording proxy in front of Prism (Twilio's API mocked from its OpenAPI description).

Prism judges every request against Twilio's spec and forgets it; this proxy
remembers what was sent, and can make the next requests fail the way Twilio
does under load (429, 503, error 63018) before Prism ever sees them. It never
decides what Twilio would accept: that is Prism's job.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import requests


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, list[str]]
    status: int


@dataclass
class TwilioProxy:
    upstream: str
    requests: list[Recorded] = field(default_factory=list)
    faults: list[tuple[int, int | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def fail_next(self, count: int, status: int, code: int | None = None) -> None:
        with self.lock:
            self.faults.extend([(status, code)] * count)

    def sent_to(self, phone: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.form.get("To") == [f"whatsapp:{phone}"]]

    def start(self) -> str:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                form = parse_qs(body.decode(), keep_blank_values=True)
                with proxy.lock:
                    fault = proxy.faults.pop(0) if proxy.faults else None
                if fault is not None:
                    status, code = fault
                    payload = json.dumps({"code": code, "message": "injected fault", "status": status}).encode()
                    self._answer(status, payload, "application/json")
                else:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                    upstream = requests.post(proxy.upstream + self.path, data=body, headers=headers, timeout=30)
                    status = upstream.status_code
                    self._answer(status, upstream.content, upstream.headers.get("Content-Type", "application/json"))
                with proxy.lock:
                    proxy.requests.append(Recorded("POST", self.path, form, status))

            def _answer(self, status: int, payload: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
