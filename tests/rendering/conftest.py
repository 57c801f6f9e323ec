"""Boards, a second instrument (6 domains on a 0-10 scale) and a signing secret for the rendering tests."""

from datetime import datetime, timezone
from typing import Iterable, Optional, Sequence, Union

import pytest

from bot.content import Instrument, load_instrument
from bot.content.instruments import available_instruments
from bot.storage.records import Board, DomainEntry

SECRET = "rendering-tests-secret-0123456789abcdef"
TEN_POINT_COLOURS = [
    "#a50026",
    "#d73027",
    "#f46d43",
    "#fdae61",
    "#fee090",
    "#ffffbf",
    "#e0f3f8",
    "#abd9e9",
    "#74add1",
    "#4575b4",
    "#313695",
]
TEN_POINT_YAML = (
    "key: positieve-gezondheid\n"
    "title: Positieve Gezondheid\n"
    "scale:\n  points:\n"
    + "".join(
        f"  - {{value: {v}, label: 'Punt {v}', phrase: 'een {v}', colour: '{c}'}}\n" for v, c in enumerate(TEN_POINT_COLOURS)
    )
    + "perspectives:\n  inwoner: {}\n  professional: {}\n"
    "domains:\n"
    + "".join(
        f"- {{key: {key}, label: '{label}', topic: '{label.lower()}', question: 'Hoe gaat het?', example: 'Bijvoorbeeld.'}}\n"
        for key, label in [
            ("lichaam", "Lichaamsfuncties"),
            ("mentaal", "Mentaal welbevinden"),
            ("zingeving", "Zingeving"),
            ("kwaliteit", "Kwaliteit van leven"),
            ("meedoen", "Meedoen"),
            ("dagelijks", "Dagelijks functioneren"),
        ]
    )
)

Score = Union[int, str, None]  # a score, or a status: "skipped", "not_applicable", None (open)


@pytest.fixture(autouse=True)
def signing_secret(monkeypatch):
    monkeypatch.setenv("SIGNING_SECRET", SECRET)
    monkeypatch.delenv("MEDIA_LINK_HOURS", raising=False)
    monkeypatch.delenv("MEDIA_CACHE_REDIS_URL", raising=False)
    monkeypatch.delenv("EPHEMERAL_STORE_URL", raising=False)
    monkeypatch.delenv("EPHEMERAL_TRACKER_STORE_URL", raising=False)


@pytest.fixture
def wat_telt() -> Instrument:
    return load_instrument("wat-telt")


@pytest.fixture
def ten_point(tmp_path, monkeypatch) -> Instrument:
    """A 6-domain instrument on a 0-10 scale, from its own folder (INSTRUMENTS_PATH)."""
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "positieve-gezondheid.yml").write_text(TEN_POINT_YAML, encoding="utf-8")
    monkeypatch.setenv("INSTRUMENTS_PATH", str(folder))
    load_instrument.cache_clear()
    available_instruments.cache_clear()
    yield load_instrument("positieve-gezondheid")
    monkeypatch.delenv("INSTRUMENTS_PATH")
    load_instrument.cache_clear()
    available_instruments.cache_clear()


def make_board(
    instrument: Instrument,
    scores: Sequence[Score],
    perspective: str = "inwoner",
    life_rating: Optional[int] = None,
    talk_about: Iterable[str] = (),
    number: int = 1,
) -> Board:
    domains = []
    for domain, score in zip(instrument.domains, scores):
        entry = DomainEntry(domain.key)
        if isinstance(score, int):
            entry.set_status("answered", score)
        elif score is not None:
            entry.set_status(score)
        domains.append(entry)
    for rank, key in enumerate(talk_about, 1):
        entry = next(entry for entry in domains if entry.key == key)
        entry.talk_about, entry.talk_rank = True, rank
    return Board(
        owner="web:resident",
        author="web:resident" if perspective == "inwoner" else f"web:{perspective}",
        instrument=instrument.key,
        perspective=perspective,
        number=number,
        round=None if perspective == "inwoner" else 1,
        started_at=datetime(2024, 3, 12, 10, 0, tzinfo=timezone.utc),
        domains=domains,
        life_rating=life_rating,
    )
