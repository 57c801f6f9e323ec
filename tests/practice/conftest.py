"""Practice mode through the app's real turn service and router (plain Python, a migrated SQLite
database, the memory store): what a channel does with a message, without the Rasa servers."""

import re
from typing import List, Optional

import pytest

from bot.content import load_instrument
from bot.content.personas import load_personas
from bot.flows.board import BoardFlow
from bot.flows.practice import PracticeFlow
from bot.flows.practice.roleplay import PersonaPlayer
from bot.flows.practice.state import PracticeState
from bot.storage.database import Database
from bot.storage.ephemeral import MemoryEphemeralStore
from bot.storage.migrate import upgrade_to_latest
from bot.storage.practice import PracticeReports
from bot.turn.router import Router
from bot.turn.service import TurnOutcome, TurnService
from bot.understanding.message import UserMessage

TYPED = re.compile(r"^/([a-z]+)(?:\s+(.*))?$", re.I)


class Chat:
    """One participant talking to the assistant: `say()` as typed, `press()` a button's choice."""

    def __init__(self, service: TurnService, participant: str):
        self.service, self.participant = service, participant
        self.outcome: Optional[TurnOutcome] = None

    def say(self, text: str) -> str:
        match = TYPED.match(text.strip())
        command = f"{match.group(1).lower()} {match.group(2) or ''}".strip() if match else None
        words = f"{match.group(1)} {match.group(2) or ''}".strip() if match else text
        return self._send(UserMessage(words, command=command))

    def press(self, choice: str, title: str = "") -> str:
        return self._send(UserMessage(title or choice, choice=choice))

    def _send(self, message: UserMessage) -> str:
        self.outcome = self.service.handle(self.participant, message)
        return "\n".join(reply.text for reply in self.outcome.replies)

    @property
    def replies(self) -> List[str]:
        return [reply.text for reply in self.outcome.replies] if self.outcome else []

    @property
    def choices(self) -> List[str]:
        return [button.choice for reply in self.outcome.replies for button in reply.buttons] if self.outcome else []

    def practise(self, persona: str, keep: bool) -> str:
        self.say("/oefenen")
        assert f"persona:{persona}" in self.choices
        self.press(f"persona:{persona}")
        assert self.choices == ["yes", "no"]
        return self.press("yes" if keep else "no")


@pytest.fixture
def database(tmp_path) -> Database:
    url = f"sqlite:///{tmp_path / 'practice.db'}"
    upgrade_to_latest(url)
    database = Database.from_url(url)
    yield database
    database.dispose()


@pytest.fixture
def service(database) -> TurnService:
    return TurnService(database, MemoryEphemeralStore(), Router(BoardFlow(), PracticeFlow()))


@pytest.fixture
def worker(service) -> Chat:
    return Chat(service, "rest:worker-1")


@pytest.fixture
def reports(database) -> PracticeReports:
    return PracticeReports(database)


class Roleplay:
    """A persona in plain Python: `say()` a worker's line, read the reply and the hidden state."""

    def __init__(self, key: str):
        self.persona = load_personas()[key]
        self.player = PersonaPlayer(self.persona, load_instrument())
        self.state = PracticeState(persona=key, trust=self.persona.trust.start)
        self.turn = None

    def say(self, text: str) -> str:
        reply, self.state, self.turn = self.player.answer(self.state, text)
        return reply

    @property
    def events(self) -> List[str]:
        return self.turn.events if self.turn else []


@pytest.fixture
def roleplay():
    return Roleplay
