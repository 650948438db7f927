"""X-Twilio-Signature: HMAC-SHA1 over the URL Twilio called plus the sorted POST fields."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable


def compute_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    payload = url + "".join(f"{k}{v}" for k, v in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def is_valid_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]], signature: str | None) -> bool:
    if not signature or not auth_token:
        return False
    expected = compute_signature(auth_token, url, params)
    # Constant time: a byte-by-byte compare would leak the signature by timing.
    return hmac.compare_digest(expected.encode(), signature.encode())
