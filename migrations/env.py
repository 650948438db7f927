from __future__ import annotations

from alembic import context

from bot.config import load_settings
from bot.db import get_engine
from bot.models import Base

config = context.config
url = config.attributes.get("database_url") or load_settings().database_url


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # APScheduler owns its job table in the same database; it is not ours to migrate.
    return not (type_ == "table" and name == "apscheduler_jobs")


def run_migrations_offline() -> None:
    context.configure(
        url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True, include_object=include_object
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with get_engine(url).connect() as connection:
        # Batch mode lets later migrations alter columns on SQLite too.
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
