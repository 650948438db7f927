"""Rasa's test stories (tests/stories/): the trained model and rules decide each turn as written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.config import ROOT
from devtools.setup_tasks import RASA_BIN, model_path, rasa_env


def test_test_stories_pass(tmp_path: Path) -> None:
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it")
    command = ["test", "core", "--stories", "tests/stories", "--model", str(model), "--out", str(tmp_path)]
    result = subprocess.run(
        [str(RASA_BIN), *command, "--fail-on-prediction-errors"],
        cwd=ROOT,
        env={**rasa_env(), "OMP_NUM_THREADS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    assert result.returncode == 0, (failed.read_text() if failed.exists() else "") + result.stdout[-2000:]
