"""Storage of participants, measurements, domain answers and goals (SQLAlchemy, Alembic)."""

from functools import lru_cache

from bot.storage.database import create_database_engine
from bot.storage.repository import AnswerStore

__all__ = ["AnswerStore", "create_database_engine", "shared_answer_store"]


@lru_cache(maxsize=1)
def shared_answer_store() -> AnswerStore:
    """The process's one AnswerStore on DATABASE_URL (one connection pool per process)."""
    return AnswerStore.from_url()
