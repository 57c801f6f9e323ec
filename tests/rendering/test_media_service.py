"""MediaService: a link's file from the database, rendered once per version, gone with its board."""

import io
import uuid
from datetime import datetime, timezone

import pytest
from PIL import Image

import bot.rendering.media as media
from bot.rendering.cache import MediaCache, MemoryByteStore
from bot.rendering.media import MediaService, attachment_token
from bot.storage import models
from bot.storage.database import Database
from bot.storage.forget import forget_in_database

NOW = datetime(2024, 3, 12, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def database(sqlite_database):
    database = Database.from_url(sqlite_database)
    yield database
    database.dispose()


@pytest.fixture
def renderings(monkeypatch):
    """Every rendering the service asks for: (kind, perspectives shown, previous board's number)."""
    calls = []
    picture, pdf = media.board_picture, media.board_pdf

    def counted_picture(boards, instrument):
        calls.append(("board_picture", [board.perspective for board in boards], None))
        return picture(boards, instrument)

    def counted_pdf(boards, previous, instrument, texts):
        calls.append(("board_pdf", [board.perspective for board in boards], previous.number if previous else None))
        return pdf(boards, previous, instrument, texts)

    monkeypatch.setattr(media, "board_picture", counted_picture)
    monkeypatch.setattr(media, "board_pdf", counted_pdf)
    return calls


def add_board(database, wat_telt, owner, perspective="inwoner", number=1, round=None, score=3):
    """A measurement with an answer for every domain, a goal and someone around; its id."""
    with database.transaction() as session:
        if perspective == "inwoner" and session.get(models.Participant, owner) is None:
            session.add(models.Participant(id=owner))
            session.flush()
        row = models.Measurement(
            participant_id=owner,
            author_id=owner if perspective == "inwoner" else f"web:{perspective}-{uuid.uuid4().hex[:6]}",
            number=number,
            round=round,
            instrument="wat-telt",
            perspective=perspective,
            started_at=NOW,
            life_rating=6,
            version=1,
            domain_answers=[
                models.DomainAnswer(domain_key=domain.key, position=position, status="answered", score=score, talk_about=False)
                for position, domain in enumerate(wat_telt.domains)
            ],
            goals=[models.Goal(priority=1, text="Post openen", domain_key="geld")],
            network=[models.NetworkMember(position=0, kind="person", description="mijn zus")],
        )
        session.add(row)
        session.flush()
        return row.id


def change_score(database, board_id, key, score):
    """What a turn does: change an answer and raise the board's version."""
    with database.transaction() as session:
        row = session.get(models.Measurement, board_id)
        next(answer for answer in row.domain_answers if answer.domain_key == key).score = score
        row.version += 1


@pytest.fixture
def owner():
    return f"web:{uuid.uuid4().hex}"


@pytest.fixture
def cache():
    return MediaCache(MemoryByteStore())


def test_a_stored_boards_picture_and_pdf(database, wat_telt, owner, cache):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    picture = service.fetch(attachment_token("board_picture", board_id, None))
    sheet = service.fetch(attachment_token("board_pdf", board_id, None))
    assert picture.content_type == "image/png" and Image.open(io.BytesIO(picture.body)).width == 1080
    assert picture.filename.endswith(".png")
    assert sheet.content_type == "application/pdf" and sheet.body.startswith(b"%PDF-") and sheet.filename.endswith(".pdf")


def test_the_second_fetch_serves_the_cached_file(database, wat_telt, owner, cache, renderings):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    token = attachment_token("board_picture", board_id, None)
    first = service.fetch(token)
    again = service.fetch(token)
    assert len(renderings) == 1 and again.body == first.body
    service.fetch(attachment_token("board_picture", board_id, None))  # a new link to the same board
    assert len(renderings) == 1


def test_a_change_to_the_board_renders_again(database, wat_telt, owner, cache, renderings):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    token = attachment_token("board_picture", board_id, None)
    before = service.fetch(token)
    change_score(database, board_id, "geld", 1)
    after = service.fetch(token)
    assert len(renderings) == 2 and after.body != before.body
    service.fetch(token)
    assert len(renderings) == 2


def test_another_perspective_of_the_round_changing_renders_again(database, wat_telt, owner, cache, renderings):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    token = attachment_token("board_picture", board_id, None)
    service.fetch(token)
    professional = add_board(database, wat_telt, owner, "professional", round=1, score=1)
    service.fetch(token)
    change_score(database, professional, "geld", 5)
    service.fetch(token)
    assert [perspectives for _, perspectives, _ in renderings] == [
        ["inwoner"],
        ["inwoner", "professional"],
        ["inwoner", "professional"],
    ]


def test_who_sees_which_perspectives(database, wat_telt, owner, cache, renderings):
    """The resident sees every view of their round; a professional the resident's and their own only."""
    resident = add_board(database, wat_telt, owner)
    professional = add_board(database, wat_telt, owner, "professional", round=1)
    add_board(database, wat_telt, owner, "naaste", round=1)
    add_board(database, wat_telt, owner, "naaste", number=2, round=2)  # another round: never shown here
    service = MediaService(database, cache)
    service.fetch(attachment_token("board_picture", resident, None))
    service.fetch(attachment_token("board_picture", professional, None))
    assert [perspectives for _, perspectives, _ in renderings] == [
        ["inwoner", "naaste", "professional"],
        ["inwoner", "professional"],
    ]


def test_the_pdf_uses_the_previous_board(database, wat_telt, owner, cache, renderings):
    add_board(database, wat_telt, owner, number=1)
    second = add_board(database, wat_telt, owner, number=2)
    MediaService(database, cache).fetch(attachment_token("board_pdf", second, None))
    assert renderings == [("board_pdf", ["inwoner"], 1)]


def test_forget_owner_removes_the_cached_files(database, wat_telt, owner, cache, renderings):
    board_id = add_board(database, wat_telt, owner)
    other = f"web:{uuid.uuid4().hex}"
    other_id = add_board(database, wat_telt, other)
    service = MediaService(database, cache)
    service.fetch(attachment_token("board_picture", board_id, None))
    service.fetch(attachment_token("board_picture", other_id, None))
    assert cache.forget_owner(owner) == 1
    assert cache.store.delete_prefix(MediaCache.owner_prefix(owner)) == 0
    service.fetch(attachment_token("board_picture", other_id, None))  # someone else's stays cached
    assert len(renderings) == 2
    service.fetch(attachment_token("board_picture", board_id, None))
    assert len(renderings) == 3


def test_a_forgotten_board_gives_nothing_even_when_cached(database, wat_telt, owner, cache):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    token = attachment_token("board_picture", board_id, None)
    assert service.fetch(token) is not None
    with database.engine.begin() as connection:
        forget_in_database(connection, owner)
    assert service.fetch(token) is None
    assert service.fetch(attachment_token("board_pdf", board_id, None)) is None


def test_forged_expired_and_unknown_links_give_nothing(database, wat_telt, owner, cache):
    board_id = add_board(database, wat_telt, owner)
    service = MediaService(database, cache)
    token = attachment_token("board_picture", board_id, None)
    assert service.fetch(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert service.fetch(attachment_token("board_picture", board_id, None, now=0)) is None
    assert service.fetch(attachment_token("board_picture", board_id + 100, None)) is None
    assert service.fetch("") is None


def test_a_memory_only_boards_picture_needs_no_database(wat_telt, cache, renderings):
    class NoDatabase:
        def transaction(self):
            raise AssertionError("a snapshot never touches the database")

    from bot.flows.board.summary import picture_snapshot
    from tests.rendering.conftest import make_board

    board = make_board(wat_telt, [2] * 14, life_rating=5, talk_about=["geld"])
    service = MediaService(NoDatabase(), cache)
    token = attachment_token("board_picture", None, picture_snapshot(board))
    picture = service.fetch(token)
    assert picture.content_type == "image/png" and Image.open(io.BytesIO(picture.body)).width == 1080
    assert service.fetch(token).body == picture.body and len(renderings) == 1


def test_a_snapshot_that_does_not_fit_its_instrument_gives_nothing(wat_telt, cache):
    service = MediaService(None, cache)
    for snapshot in (
        {"instrument": "no-such-instrument", "life_rating": None, "domains": []},
        {"instrument": "wat-telt", "life_rating": None, "domains": [["no_such_domain", "open", None, False]]},
        {"instrument": "wat-telt", "life_rating": None, "domains": [["geld", "answered", 9, False]]},
        {"instrument": "wat-telt", "life_rating": "6", "domains": []},
    ):
        assert service.fetch(attachment_token("board_picture", None, snapshot)) is None
