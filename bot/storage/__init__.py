"""Storage of participants, measurements, domain answers and goals (SQLAlchemy, Alembic)."""
from bot.storage.database import create_database_engine
from bot.storage.repository import AnswerStore

__all__ = ["AnswerStore", "create_database_engine"]
