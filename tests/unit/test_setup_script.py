"""Setup finds Python 3.10 the way DESIGN.md says, and says what to install when it cannot."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.config import ROOT

SCRIPT = ROOT / "scripts" / "setup.sh"
BASH = shutil.which("bash") or "/bin/bash"
TOOLS = ("cat", "sha256sum", "cut", "dirname", "rm")


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BASH, str(SCRIPT), "--find-python"], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture()
def bare_bin(tmp_path: Path) -> Path:
    """A PATH with the few tools the script needs, and no Python 3.10 or pyenv."""
    path = tmp_path / "bin"
    path.mkdir()
    for tool in TOOLS:
        (path / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    return path


def test_clear_message_when_no_python310(tmp_path: Path, bare_bin: Path) -> None:
    result = run({"PATH": str(bare_bin), "HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "Rasa 3.6 needs Python 3.10" in result.stderr
    assert "RASA_PYTHON" in result.stderr


def test_rasa_python_variable_is_honoured(tmp_path: Path, bare_bin: Path) -> None:
    fake = tmp_path / "python3.10-somewhere"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    result = run({"PATH": str(bare_bin), "HOME": str(tmp_path), "RASA_PYTHON": str(fake)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(fake)


def test_finds_a_real_python310_here() -> None:
    result = run(dict(os.environ))
    assert result.returncode == 0
    version = subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")
