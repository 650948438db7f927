from __future__ import annotations

import pytest

from bot.roster.phone import InvalidPhone, mask_phone, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "6281234567890",
        "+6281234567890",
        "+62 812-3456-7890",
        "whatsapp:+6281234567890",
        " 081234567890 ",
    ],
)
def test_indonesian_forms_become_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+6281234567890"


def test_foreign_number_with_plus_is_kept() -> None:
    assert normalize_phone("whatsapp:+14155238886") == "+14155238886"


@pytest.mark.parametrize("raw", ["", "abc", "0812345", "08123456789012345", "+62"])
def test_invalid_numbers_are_refused_with_reason(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_logs_never_get_the_full_number() -> None:
    masked = mask_phone("+6281234567890")
    assert "34567" not in masked and masked.endswith("890")
