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


def browser(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BASH, str(SCRIPT), "--browser"], env=env, capture_output=True, text=True, timeout=60)


def test_chromium_is_left_alone_when_present(tmp_path: Path, bare_bin: Path) -> None:
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    result = browser({"PATH": str(bare_bin), "HOME": str(tmp_path), "CHROMIUM": str(present)})
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_without_apt_a_missing_chromium_is_explained_and_setup_goes_on(tmp_path: Path, bare_bin: Path) -> None:
    result = browser({"PATH": str(bare_bin), "HOME": str(tmp_path), "CHROMIUM": str(tmp_path / "none")})
    assert result.returncode == 0
    assert "apt-get is not available" in result.stderr and "chromium" in result.stderr


def test_a_missing_chromium_is_installed_with_apt(tmp_path: Path, bare_bin: Path) -> None:
    calls = tmp_path / "calls"
    (bare_bin / "env").symlink_to(shutil.which("env") or "/usr/bin/env")
    for tool in ("apt-get", "id", "sudo"):
        fake = bare_bin / tool
        answer = "echo 0" if tool == "id" else f'echo "{tool} $*" >> {calls}'
        fake.write_text(f"#!/bin/sh\n{answer}\n")
        fake.chmod(0o755)
    result = browser({"PATH": str(bare_bin), "HOME": str(tmp_path), "CHROMIUM": str(tmp_path / "none")})
    assert result.returncode == 0, result.stderr
    assert "installing Chromium" in result.stdout
    assert calls.read_text().splitlines() == ["apt-get update -qq", "apt-get install -y -qq chromium"]
