"""Signed media links, and the picture and PDF they give."""

import re

import pytest

from bot.channels.media import render_media
from bot.content import load_instrument
from bot.media import sign, verify

SECRET = b"test-secret"


def test_a_signed_token_verifies_and_names_measurement_and_kind():
    grant = verify(sign(42, "png", now=1000, secret=SECRET), now=1001, secret=SECRET)
    assert (grant.measurement_id, grant.kind) == (42, "png")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("42.", "43.", 1),
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),
        lambda t: t.replace(".png.", ".pdf."),
        lambda t: "",
        lambda t: "../../etc/passwd",
        lambda t: t + ".x",
    ],
)
def test_forged_or_malformed_tokens_are_refused(tamper):
    assert verify(tamper(sign(42, "png", now=1000, secret=SECRET)), now=1001, secret=SECRET) is None


def test_expired_tokens_are_refused():
    token = sign(42, "pdf", now=1000, secret=SECRET)
    assert verify(token, now=1000 + 31 * 24 * 3600, secret=SECRET) is None


def test_render_gives_a_png_and_a_one_page_pdf_of_the_stored_board(sqlite_store):
    sqlite_store.give_consent("p")
    measurement = sqlite_store.open_measurement("p", load_instrument())
    sqlite_store.record_domain_status(measurement, "geld", "answered", 2)
    sqlite_store.record_domain_text(measurement, "geld", "wish", "minder <b>schulden</b> & zorgen")
    sqlite_store.add_goal(measurement, "schulden aflossen", "geld")
    png = render_media(sign(measurement, "png"), sqlite_store)
    pdf = render_media(sign(measurement, "pdf"), sqlite_store)
    assert png.body.startswith(b"\x89PNG") and png.content_type == "image/png"
    assert pdf.body.startswith(b"%PDF") and len(re.findall(rb"/Type /Page[^s]", pdf.body)) == 1


def test_render_refuses_a_deleted_board(sqlite_store):
    sqlite_store.give_consent("p")
    measurement = sqlite_store.open_measurement("p", load_instrument())
    token = sign(measurement, "png")
    sqlite_store.forget_participant("p")
    assert render_media(token, sqlite_store) is None
