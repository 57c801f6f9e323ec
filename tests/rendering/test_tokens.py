"""Media link tokens: a stored board's signed grant, a memory-only board's encrypted snapshot."""

import re

import pytest

from bot.rendering.tokens import SnapshotGrant, StoredGrant, attachment_token, read_token
from bot.storage.records import DomainEntry

NOW = 1_700_000_000.0
HOUR = 3600
URL_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def snapshot(wat_telt):
    """What bot.flows.board.summary.picture_snapshot gives for a full 14-domain board."""
    domains = [[domain.key, "answered", 3, False] for domain in wat_telt.domains]
    domains[0] = ["geld", "skipped", None, True]
    return {"instrument": "wat-telt", "life_rating": 6, "domains": domains}


def test_a_stored_boards_token_grants_its_kind_and_board():
    for kind in ("board_picture", "board_pdf"):
        token = attachment_token(kind, 42, None, now=NOW)
        assert URL_SAFE.match(token)
        assert read_token(token, now=NOW + 1) == StoredGrant(kind, 42)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace(".42.", ".43.", 1),
        lambda t: t.replace(".png.", ".pdf.", 1),
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),
        lambda t: t.rsplit(".", 1)[0],
        lambda t: t + ".x",
        lambda t: "",
        lambda t: "../../etc/passwd",
        lambda t: "x" * 5000,
    ],
)
def test_a_forged_or_malformed_stored_token_grants_nothing(tamper):
    assert read_token(tamper(attachment_token("board_picture", 42, None, now=NOW)), now=NOW + 1) is None


def test_a_token_signed_with_another_secret_grants_nothing(monkeypatch):
    token = attachment_token("board_pdf", 42, None, now=NOW)
    monkeypatch.setenv("SIGNING_SECRET", "another-secret-of-at-least-32-characters")
    assert read_token(token, now=NOW + 1) is None


def test_a_stored_token_expires_after_24_hours_by_default():
    token = attachment_token("board_pdf", 42, None, now=NOW)
    assert read_token(token, now=NOW + 24 * HOUR - 5) == StoredGrant("board_pdf", 42)
    assert read_token(token, now=NOW + 24 * HOUR + 5) is None


def test_the_link_lifetime_is_configurable(monkeypatch):
    monkeypatch.setenv("MEDIA_LINK_HOURS", "2")
    token = attachment_token("board_picture", 7, None, now=NOW)
    assert read_token(token, now=NOW + HOUR) is not None
    assert read_token(token, now=NOW + 2 * HOUR + 5) is None
    monkeypatch.setenv("MEDIA_LINK_HOURS", "no")
    with pytest.raises(ValueError):
        attachment_token("board_picture", 7, None, now=NOW)


def test_a_snapshot_travels_in_the_token_encrypted(wat_telt):
    value = snapshot(wat_telt)
    token = attachment_token("board_picture", None, value, now=NOW)
    assert URL_SAFE.match(token) and len(token) < 1500
    assert "geld" not in token and "wat-telt" not in token  # not readable without the secret
    assert read_token(token, now=NOW + 1) == SnapshotGrant(value)


def test_a_memory_boards_negative_id_uses_the_snapshot(wat_telt):
    value = snapshot(wat_telt)
    assert read_token(attachment_token("board_picture", -1, value, now=NOW), now=NOW + 1) == SnapshotGrant(value)


def test_a_tampered_snapshot_grants_nothing(wat_telt):
    token = attachment_token("board_picture", None, snapshot(wat_telt), now=NOW)
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    assert read_token(tampered, now=NOW + 1) is None
    assert read_token(token[:-4], now=NOW + 1) is None
    assert read_token("s.not-a-fernet-token", now=NOW + 1) is None


def test_a_snapshot_token_expires_too(wat_telt):
    token = attachment_token("board_picture", None, snapshot(wat_telt), now=NOW)
    assert read_token(token, now=NOW + 24 * HOUR + 5) is None


def test_a_snapshot_from_another_secret_grants_nothing(wat_telt, monkeypatch):
    token = attachment_token("board_picture", None, snapshot(wat_telt), now=NOW)
    monkeypatch.setenv("SIGNING_SECRET", "another-secret-of-at-least-32-characters")
    assert read_token(token, now=NOW + 1) is None


def test_what_cannot_be_linked_is_refused(wat_telt):
    with pytest.raises(ValueError):
        attachment_token("board_pdf", None, snapshot(wat_telt))  # a memory-only board has no PDF
    with pytest.raises(ValueError):
        attachment_token("board_picture", None, None)
    with pytest.raises(ValueError):
        attachment_token("board_movie", 42, None)


def test_the_snapshot_of_the_summary_fits_in_a_token(wat_telt):
    from bot.flows.board.summary import picture_snapshot
    from tests.rendering.conftest import make_board

    board = make_board(wat_telt, [5] * 14, life_rating=10, talk_about=["lichamelijke_gezondheid", "psychische_gezondheid"])
    board.domains.append(DomainEntry("extra"))  # whatever the summary puts in, it must travel
    token = attachment_token("board_picture", None, picture_snapshot(board), now=NOW)
    assert len(token) < 1500
    assert read_token(token, now=NOW) == SnapshotGrant(picture_snapshot(board))
