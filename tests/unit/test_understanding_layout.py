"""The layer rule between nlu/ (loaded by the Rasa server, part of the training hash) and the app.

nlu/ runs inside Rasa's own Python 3.10 environment, where bot/ and its dependencies
are not installed, and every file in it is a training input: it must never import
the app. The app-only parsers live in bot/understanding/ and are not training inputs,
so editing them never retrains the model. Imports are read with ast, not by text search.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import ROOT
from devtools.setup_tasks import TRAINING_INPUTS

NLU = ROOT / "nlu"
# The app's own packages; actions/ imports bot/ too.
APP_PACKAGES = frozenset({"bot", "actions"})


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of the modules a file of `package` imports, relative imports resolved.

    Calls of importlib.import_module / __import__ with a literal name count too. A relative
    import above the top-level package is named "<outside>.<name>".
    """
    parts = package.split(".")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            up = node.level - 1
            if not node.level:
                prefix = ""
            elif up >= len(parts):
                prefix = "<outside>"
            else:
                prefix = ".".join(parts[: len(parts) - up])
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found.update(".".join(p for p in (prefix, name) if p) for name in names)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def nlu_files() -> dict[str, Path]:
    """Every Python file under nlu/, by its path from the repository root."""
    return {
        path.relative_to(ROOT).as_posix(): path for path in sorted(NLU.rglob("*.py")) if "__pycache__" not in path.parts
    }


def app_imports(source: str, package: str) -> list[str]:
    return sorted(
        name
        for name in imported_modules(source, package)
        if name.split(".")[0] in APP_PACKAGES or name.startswith("<outside>")
    )


def test_the_checker_sees_every_kind_of_import() -> None:
    source = """
import bot
import os, bot.understanding.meetings as m
from bot.understanding import dates
from bot import replies
from actions.menu import x
from .. import bot
from . import keywords
from .money import find_amounts
import importlib
importlib.import_module("bot.understanding.savings")
__import__("bot")
def lazy():
    from bot.understanding.language import guess_language
"""
    assert app_imports(source, "nlu") == [
        "<outside>.bot",
        "actions.menu",
        "bot",
        "bot.understanding",
        "bot.understanding.language",
        "bot.understanding.meetings",
        "bot.understanding.savings",
    ]
    assert imported_modules("from . import keywords\nfrom .money import x", "nlu") == {
        "nlu.keywords",
        "nlu.money",
    }


def test_nlu_holds_what_rasa_loads() -> None:
    names = {"__init__.py", "components.py", "normalize.py", "keywords.py", "money.py"}
    assert {f"nlu/{name}" for name in names} <= set(nlu_files())


@pytest.mark.parametrize("name", sorted(nlu_files()))
def test_nlu_never_imports_the_app(name: str) -> None:
    path = nlu_files()[name]
    package = ".".join(path.parent.relative_to(ROOT).parts)
    assert app_imports(path.read_text(encoding="utf-8"), package) == [], (
        f"{name} imports the app; Rasa cannot load bot/ (keep the shared piece in nlu/ instead)"
    )


def test_app_parsers_are_not_training_inputs() -> None:
    for path in sorted((ROOT / "bot" / "understanding").glob("*.py")):
        relative = path.relative_to(ROOT)
        assert not any(relative.is_relative_to(name) for name in TRAINING_INPUTS), relative
