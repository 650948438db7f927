"""The migrations build exactly the schema the models describe (nothing forgotten in a revision)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db import get_engine
from bot.models import Base


def test_migrated_database_matches_the_models(db_url: str) -> None:
    with get_engine(db_url).connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [d for d in compare_metadata(context, Base.metadata) if "apscheduler" not in str(d)]
    assert diff == []
