"""The turn service and its router: the app owns the conversation, one transaction per turn."""

from functools import lru_cache
from typing import Optional

from bot.config import database_url
from bot.flows.board import BoardFlow
from bot.flows.practice import PracticeFlow
from bot.storage.database import Database
from bot.storage.ephemeral import ephemeral_store_from_environment
from bot.turn.forget import forget_outside_database
from bot.turn.router import Router
from bot.turn.service import TurnOutcome, TurnService

__all__ = ["TurnOutcome", "TurnService", "build_turn_service", "shared_turn_service"]


def build_turn_service(url: Optional[str] = None) -> TurnService:
    return TurnService(
        Database.from_url(url or database_url()),
        ephemeral_store_from_environment(),
        Router(BoardFlow(), PracticeFlow()),
        on_forget=forget_outside_database,
    )


@lru_cache(maxsize=1)
def shared_turn_service() -> TurnService:
    """The process's one turn service on DATABASE_URL (one connection pool, one memory store)."""
    return build_turn_service()
