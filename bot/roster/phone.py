"""Phone numbers as E.164, the one form stored and compared."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, region: str = "ID") -> str:
    """'0812-3456-7890', '6281234567890', '+62 812 3456 7890', 'whatsapp:+62...' -> '+6281234567890'."""
    text = raw.strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:") :]
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        raise InvalidPhone("nomor HP kosong")
    # Indonesians write the country code without '+' (628...), which a parser
    # would otherwise read as a national number.
    if not text.startswith("+") and digits.startswith("62"):
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"nomor HP tidak terbaca: {raw!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"nomor HP tidak valid: {raw!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(phone: str) -> str:
    """For logs: never a full number."""
    return phone[:5] + "****" + phone[-3:] if len(phone) > 8 else "****"
