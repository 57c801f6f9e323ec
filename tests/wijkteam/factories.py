"""Residents with boards (every perspective, two rounds, goals, own words) and share codes, written
straight into the database through the ORM models, for the wijkteam tests."""

from datetime import datetime, timedelta, timezone
from typing import Dict, Optional

from bot.content import load_instrument
from bot.storage import models
from bot.storage.database import Database

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
SECRET = "wijkteam-tests-signing-secret-0123456789abcdef"
PASSWORD = "correct horse battery staple"

# wonen: the resident 2, the professional 4 (a difference of 2 steps); geld the same for both.
ROUND_ONE: Dict[str, int] = {"geld": 2, "wonen": 3, "werk": 3}
RESIDENT: Dict[str, int] = {"geld": 2, "wonen": 2, "werk": 4, "psychische_gezondheid": 3}
PROFESSIONAL: Dict[str, int] = {"geld": 2, "wonen": 4, "werk": 4, "psychische_gezondheid": 1}
OWN_WORDS = "Minder lawaai van de buren <b>graag</b>"


def measurement(owner: str, author: str, perspective: str, number: int, scores: Dict[str, int], started: datetime,
                round: Optional[int] = None, **fields) -> models.Measurement:  # fmt: skip
    instrument = load_instrument("wat-telt")
    answers = []
    for position, key in enumerate(instrument.keys):
        score = scores.get(key)
        status = "answered" if score is not None else ("not_applicable" if key == "kinderen" else "skipped")
        answers.append(models.DomainAnswer(domain_key=key, position=position, status=status, score=score))
    return models.Measurement(
        participant_id=owner,
        author_id=author,
        number=number,
        round=round,
        instrument="wat-telt",
        perspective=perspective,
        started_at=started,
        completed_at=started + timedelta(minutes=20),
        domain_answers=answers,
        **fields,
    )


def add_resident(database: Database, owner: str, code: Optional[str] = "ABCDEFGH", professional: Optional[str] = None,
                 code_expires: Optional[datetime] = None, withdrawn: bool = False) -> None:  # fmt: skip
    """A resident with two rounds of their own board, a professional's view of round 2, a naaste's too."""
    with database.transaction() as session:
        session.add(models.Participant(id=owner, consented_at=NOW - timedelta(days=60)))
        session.flush()
        first = measurement(owner, owner, "inwoner", 1, ROUND_ONE, NOW - timedelta(days=40), life_rating=5)
        first.goals = [models.Goal(priority=1, domain_key="geld", text="Schulden op een rij", review="partly")]
        second = measurement(owner, owner, "inwoner", 2, RESIDENT, NOW - timedelta(days=2), life_rating=6,
                             rating_reason="Het gaat op en neer", rating_next="Een rustiger huis")  # fmt: skip
        second.domain_answers[2].wish = OWN_WORDS  # wonen
        second.domain_answers[2].talk_about, second.domain_answers[2].talk_rank = True, 1
        second.domain_answers[0].story = "Ik heb schulden bij de energie"
        second.domain_answers[5].goes_well = "Mijn zus komt elke week"  # sociale_contacten, after wonen
        second.goals = [
            models.Goal(
                priority=1,
                domain_key="wonen",
                text="Een gesprek met de buren",
                own_step="Ik bel de verhuurder",
                helper="mijn zus",
            )
        ]
        second.network = [models.NetworkMember(position=0, kind="person", description="mijn zus")]
        other = professional or f"{owner}-pro"
        pro = measurement(owner, other, "professional", 1, PROFESSIONAL, NOW - timedelta(days=1), round=2, life_rating=5)
        pro.domain_answers[2].goes_well = "Het huis is schoon"
        naaste = measurement(owner, f"{owner}-naaste", "naaste", 1, {"geld": 3, "wonen": 3}, NOW - timedelta(days=1), round=2)
        session.add_all([first, second, pro, naaste])
        if code:
            session.add(
                models.ShareCode(
                    code=code,
                    owner_id=owner,
                    created_at=NOW - timedelta(days=1),
                    expires_at=code_expires or NOW + timedelta(days=13),
                    withdrawn_at=NOW - timedelta(hours=1) if withdrawn else None,
                )
            )
