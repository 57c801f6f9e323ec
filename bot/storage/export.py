"""Everything stored for one participant, shaped as shared/contracts/export.schema.json.

A resident's export holds their own boards and every other perspective's view of their board
(professional, naaste) with `round`: the number of the resident's board it belongs to.
"""

from typing import Any, Dict

from sqlalchemy.orm import Session

from bot.storage import models
from bot.storage.mapping import board_from_row
from bot.storage.queries import boards_of


def participant_export(session: Session, participant_id: str) -> Dict[str, Any]:
    rows = session.execute(boards_of(participant_id)).scalars()
    export: Dict[str, Any] = {"participant": participant_id, "measurements": [board_from_row(row).export() for row in rows]}
    participant = session.get(models.Participant, participant_id)
    if participant is not None:
        export["training_consent"] = bool(participant.training_consent)
        export["follow_up_consent"] = bool(participant.follow_up_consent)
    return export
