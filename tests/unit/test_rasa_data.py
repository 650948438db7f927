"""Rasa's own validator on our training data and domain: no warnings allowed."""

from __future__ import annotations

import subprocess

from bot.config import ROOT
from devtools.setup_tasks import RASA_BIN, rasa_env


def test_rasa_data_validate_is_clean() -> None:
    result = subprocess.run(
        [str(RASA_BIN), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        env=rasa_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
