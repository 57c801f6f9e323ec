"""Everything stored for one participant, shaped as shared/contracts/export.schema.json.

A resident's export holds their own boards and every other perspective's view of their board
(professional, naaste) with `round`: the number of the resident's board it belongs to, and the
check-ins they answered later.
"""

from typing import Any, Dict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage import models
from bot.storage.mapping import board_from_row
from bot.storage.queries import boards_of
from bot.storage.records import timestamp


def participant_export(session: Session, participant_id: str) -> Dict[str, Any]:
    rows = session.execute(boards_of(participant_id)).scalars()
    export: Dict[str, Any] = {"participant": participant_id, "measurements": [board_from_row(row).export() for row in rows]}
    participant = session.get(models.Participant, participant_id)
    if participant is not None:  # only a resident who agreed has more than their boards
        check_ins = session.execute(
            select(models.CheckIn).where(models.CheckIn.participant_id == participant_id).order_by(models.CheckIn.started_at)
        ).scalars()
        export["check_ins"] = [
            {
                "started_at": timestamp(check_in.started_at),
                "finished_at": timestamp(check_in.finished_at),
                "felt_heard": check_in.felt_heard,
                "no_talk_yet": bool(check_in.no_talk_yet),
                "remarks": check_in.remarks,
            }
            for check_in in check_ins
        ]
        export["training_consent"] = bool(participant.training_consent)
        export["follow_up_consent"] = bool(participant.follow_up_consent)
    return export
