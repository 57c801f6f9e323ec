"""What the web chat and REST channels accept as a message (no server needed)."""

import pytest

from bot.channels.rest import sender_problem
from bot.channels.webchat import readable_message


@pytest.mark.parametrize(
    "given, expected",
    [
        ("hoi", "hoi"),
        ("hoi\x00\x07 daar", "hoi daar"),
        ("regel 1\nregel 2", "regel 1\nregel 2"),
        ("/restart", "restart"),
        ("  /session_start", "session_start"),
        ("/back", "back"),
        ("/affirm", "/affirm"),
        ("/resume", "/resume"),
        ("hoi \ud800daar", "hoi daar"),
        ('/rate_domain{"score":"3"}', '/rate_domain{"score":"3"}'),
    ],
)
def test_readable_messages(given, expected):
    assert readable_message(given) == (expected, None)


@pytest.mark.parametrize(
    "given, status", [(None, 400), (123, 400), (["hoi"], 400), ("", 400), ("  \x00 ", 400), ("a" * 5001, 413)]
)
def test_unreadable_messages_get_a_4xx(given, status):
    text, refused = readable_message(given)
    assert text is None and refused.status == status


@pytest.mark.parametrize(
    "sender, refused",
    [
        ("rest:p1", False),
        ("ik", False),
        ("a.b@c-d_e", False),
        ("", True),
        (None, True),
        (5, True),
        ("x" * 129, True),
        ("web:0123456789abcdef0123456789abcdef", True),
        ("Telegram:1", True),
        ("replay:x", True),
        ("twee woorden", True),
        ("../x", True),
    ],
)
def test_rest_senders(sender, refused):
    assert sender_problem(sender) is refused
