"""Queries more than one part of the app needs."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import Select

from bot.storage import models


def boards_with_answers() -> Select:
    """Measurements with their domain answers, goals and people, loaded in one go each."""
    return select(models.Measurement).options(
        selectinload(models.Measurement.domain_answers),
        selectinload(models.Measurement.goals),
        selectinload(models.Measurement.network),
    )


def boards_of(owner: str) -> Select:
    """Every board of a resident (all perspectives), oldest first."""
    return (
        boards_with_answers()
        .where(models.Measurement.participant_id == owner)
        .order_by(models.Measurement.started_at, models.Measurement.id)
    )
