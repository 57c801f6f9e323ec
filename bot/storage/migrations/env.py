"""Alembic environment: the URL comes from the caller (bot.storage.migrate) or DATABASE_URL."""

from alembic import context

from bot.config import database_url
from bot.storage.database import create_database_engine
from bot.storage.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or database_url()

engine = create_database_engine(url)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
