"""Everything stored for one participant, shaped as shared/contracts/export.schema.json."""

from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.storage.models import Measurement, Participant


def _timestamp(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def measurement_export(measurement: Measurement) -> dict:
    return {
        "number": measurement.number,
        "instrument": measurement.instrument,
        "perspective": measurement.perspective,
        "started_at": _timestamp(measurement.started_at),
        "completed_at": _timestamp(measurement.completed_at),
        "life_rating": measurement.life_rating,
        "domains": [
            {
                "key": answer.domain_key,
                "status": answer.status,
                "score": answer.score,
                "goes_well": answer.goes_well,
                "wish": answer.wish,
            }
            for answer in measurement.domain_answers
        ],
        "goals": [{"domain": goal.domain_key, "text": goal.text} for goal in measurement.goals],
    }


def participant_export(session: Session, participant_id: str) -> dict:
    measurements = (
        session.execute(
            select(Measurement)
            .where(Measurement.participant_id == participant_id)
            .options(selectinload(Measurement.domain_answers), selectinload(Measurement.goals))
            .order_by(Measurement.started_at, Measurement.id)
        )
        .scalars()
        .all()
    )
    exported = {"participant": participant_id, "measurements": [measurement_export(m) for m in measurements]}
    participant = session.get(Participant, participant_id)
    if participant is not None:  # an extension of the contract (extra top-level keys are allowed), asked at the end
        exported["training_consent"] = bool(participant.training_consent)
    return exported
