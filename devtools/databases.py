"""Throwaway databases for tests and benchmarks: SQLite files, or PostgreSQL when asked.

`TEST_DATABASE_URL` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) makes every
test database a fresh PostgreSQL database copied from one migrated template, which is
far faster than migrating each one; unset, tests use SQLite files as before.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from bot.db import get_engine
from bot.migrate import upgrade

ENV = "TEST_DATABASE_URL"
_counter = itertools.count()
_template: str | None = None


def server_url() -> URL | None:
    """The PostgreSQL server tests should use, or None for SQLite."""
    value = os.environ.get(ENV)
    return make_url(value) if value else None


def _execute(server: URL, *statements: str) -> None:
    # CREATE/DROP DATABASE cannot run in a transaction.
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def _template_name(server: URL) -> str:
    """Migrate a template database once per process; every test database is a copy of it."""
    global _template
    if _template is None:
        name = f"pkh_template_{os.getpid()}"
        _execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        upgrade(server.set(database=name).render_as_string(hide_password=False))
        get_engine(server.set(database=name).render_as_string(hide_password=False)).dispose()
        _template = name
    return _template


def _forget_engine(url: str) -> None:
    """Close the app's pooled connections to a database about to be dropped."""
    get_engine(url).dispose()


@contextmanager
def fresh_database(tmp: Path, *, migrated: bool = True) -> Iterator[str]:
    """A database URL nobody else uses, dropped afterwards (PostgreSQL) or left in tmp (SQLite)."""
    server = server_url()
    if server is None:
        url = f"sqlite:///{tmp / f'db{next(_counter)}.sqlite3'}"
        if migrated:
            upgrade(url)
        yield url
        return
    name = f"pkh_test_{os.getpid()}_{next(_counter)}"
    create = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{_template_name(server)}"' if migrated else "")
    _execute(server, create)
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _forget_engine(url)
        _execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    server = server_url()
    if server is not None and _template is not None:
        _execute(server, f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')


def reachable(url: str) -> bool:
    """Can tests create databases on this server?"""
    try:
        _execute(make_url(url), "SELECT 1")
    except Exception:  # any failure means "no server for tests here"
        return False
    return True


if __name__ == "__main__":
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else ""
    if not target:
        print("TEST_DATABASE_URL is empty: the suite runs on SQLite only.")
        sys.exit(1)
    if not reachable(target):
        print(f"PostgreSQL at {make_url(target).render_as_string()} is not reachable: the suite ran on SQLite only.")
        sys.exit(1)
