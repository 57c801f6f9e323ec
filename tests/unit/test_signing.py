"""bot/signing.py: where the signing secret comes from, and the secret file created by racing processes."""

import multiprocessing
import os
import stat

import pytest

from bot import signing
from bot.signing import SigningSecretError, secret_from_file, signed, signing_secret, verified_payload

PROCESSES = 8
ROUNDS = 15


@pytest.fixture
def secret_file(tmp_path, monkeypatch):
    monkeypatch.delenv("SIGNING_SECRET", raising=False)
    path = tmp_path / "var" / "signing-secret"
    monkeypatch.setattr(signing, "SECRET_FILE", path)
    return path


def read_secret(path, barrier, results):
    barrier.wait()
    try:
        results.put(secret_from_file(path).decode())
    except Exception as error:  # reported to the test
        results.put(f"error: {type(error).__name__}: {error}")


def race(path):
    """PROCESSES processes ask for the secret of a file that does not exist yet, at the same moment."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=read_secret, args=(path, barrier, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    secrets_read = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(30)
    return secrets_read


def test_processes_racing_to_create_the_secret_all_get_the_same_full_secret(tmp_path):
    for round_number in range(ROUNDS):
        path = tmp_path / f"round-{round_number}" / "signing-secret"
        secrets_read = race(path)
        assert len(set(secrets_read)) == 1, secrets_read
        assert len(secrets_read[0]) >= signing.MIN_SECRET_LENGTH and not secrets_read[0].startswith("error")
        assert path.read_text().strip() == secrets_read[0]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert os.listdir(path.parent) == [path.name]  # no temporary files left behind


def test_the_secret_file_is_made_once_and_then_reused(secret_file):
    first = signing_secret()
    assert signing_secret() == first and len(first) >= 32
    token = signed("web:abc")
    assert verified_payload(token) == "web:abc"


@pytest.mark.parametrize("content", ["", "\n", "too-short-secret"])
def test_an_empty_or_short_secret_file_is_an_error_not_a_key(secret_file, content):
    secret_file.parent.mkdir(parents=True)
    secret_file.write_text(content)
    with pytest.raises(SigningSecretError) as refused:
        signing_secret()
    if content.strip():
        assert content.strip() not in str(refused.value)


def test_the_configured_secret_wins_and_must_be_long_enough(secret_file, monkeypatch):
    monkeypatch.setenv("SIGNING_SECRET", "x" * 40)
    assert signing_secret() == b"x" * 40 and not secret_file.exists()
    monkeypatch.setenv("SIGNING_SECRET", "kort-geheim")
    with pytest.raises(SigningSecretError) as refused:
        signing_secret()
    assert "SIGNING_SECRET" in str(refused.value) and "kort-geheim" not in str(refused.value)


def test_a_token_signed_with_one_secret_is_refused_with_another():
    token = signed("web:abc", b"a" * 32)
    assert verified_payload(token, b"a" * 32) == "web:abc"
    assert verified_payload(token, b"b" * 32) is None
