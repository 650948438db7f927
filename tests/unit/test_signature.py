from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from bot.messaging.signature import compute_signature, is_valid_signature

URL = "https://pkh-assistant.example.org/webhooks/whatsapp"
FORM = {"From": "whatsapp:+6281234567890", "Body": "laku gorengan 85rb 🙂", "MessageSid": "SM" + "a" * 32}


@given(
    token=st.text(min_size=1, max_size=40),
    form=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=40), max_size=8),
)
def test_signature_matches_twilios_own_validator(token: str, form: dict[str, str]) -> None:
    assert compute_signature(token, URL, form.items()) == RequestValidator(token).compute_signature(URL, form)


def test_valid_signature_accepted() -> None:
    sig = compute_signature("tok", URL, FORM.items())
    assert is_valid_signature("tok", URL, FORM.items(), sig)


def test_tampering_any_part_is_refused() -> None:
    sig = compute_signature("tok", URL, FORM.items())
    assert not is_valid_signature("other", URL, FORM.items(), sig)
    assert not is_valid_signature("tok", URL + "?x=1", FORM.items(), sig)
    assert not is_valid_signature("tok", URL, {**FORM, "Body": "laku 850rb"}.items(), sig)
    assert not is_valid_signature("tok", URL, FORM.items(), None)
    assert not is_valid_signature("tok", URL, FORM.items(), "")
    assert not is_valid_signature("", URL, FORM.items(), compute_signature("", URL, FORM.items()))
