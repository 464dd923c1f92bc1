"""Alembic environment: the URL comes from the caller (``survey.migrations.upgrade``)
or from ``MITSPRACHE_DATABASE_URL`` when the ``alembic`` command is used directly."""

import os

from alembic import context

from survey import models  # noqa: F401  (registers every table on the metadata)
from survey.database import Base, make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or os.environ.get(
    "MITSPRACHE_DATABASE_URL", "sqlite:///instance/mitsprache.sqlite"
)


def run_offline() -> None:
    context.configure(
        url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=url.startswith("sqlite")
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
