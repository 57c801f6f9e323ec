"""The board picture: a PNG a phone can show, for any instrument and any number of perspectives."""

import io

import numpy as np
import pytest
from PIL import Image

from bot.content import load_perspective_styles
from bot.rendering.picture import board_picture
from tests.rendering.conftest import make_board

WAT_TELT_SCORES = [2, 4, 3, 2, 1, 3, 4, "not_applicable", 3, 5, 4, "skipped", 3, None]


def image(png: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture


def pixels_of(png: bytes, colour: str) -> int:
    """How many pixels have exactly this colour (a chip's inside)."""
    rgb = np.asarray(image(png).convert("RGB"))
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return int(np.all(rgb == wanted, axis=-1).sum())


def test_one_perspective_is_a_phone_wide_png(wat_telt):
    png = board_picture([make_board(wat_telt, WAT_TELT_SCORES, life_rating=6, talk_about=["geld"])], wat_telt)
    picture = image(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and picture.format == "PNG"
    assert picture.width == 1080
    assert picture.height > picture.width  # 14 rows: taller than wide, to scroll on a phone


def test_three_perspectives_render_and_each_has_its_chips(wat_telt):
    boards = [
        make_board(wat_telt, WAT_TELT_SCORES, life_rating=6),
        make_board(wat_telt, [1, 4, 3, 4, 2, 3, 4, "not_applicable", 3, 5, 2, 5, None, 4], "professional", life_rating=5),
        make_board(wat_telt, [2] * 14, "naaste"),
    ]
    png = board_picture(boards, wat_telt)
    assert image(png).width == 1080
    for style in load_perspective_styles().values():
        assert pixels_of(png, style.colour) > 0, style.key


def test_the_picture_changes_when_a_score_changes_and_only_then(wat_telt):
    board = make_board(wat_telt, WAT_TELT_SCORES, life_rating=6)
    first = board_picture([board], wat_telt)
    assert board_picture([board], wat_telt) == first
    board.domain("wonen").set_status("answered", 5)
    assert board_picture([board], wat_telt) != first


def test_equal_scores_stand_side_by_side_and_hide_nothing(wat_telt):
    """Three perspectives with the same score everywhere show as much of every chip as when they differ."""
    apart = [
        make_board(wat_telt, [score] * 14, perspective)
        for score, perspective in ((1, "inwoner"), (3, "professional"), (5, "naaste"))
    ]
    together = [make_board(wat_telt, [3] * 14, perspective) for perspective in ("inwoner", "professional", "naaste")]
    apart_png, together_png = board_picture(apart, wat_telt), board_picture(together, wat_telt)
    for style in load_perspective_styles().values():
        assert pixels_of(together_png, style.colour) >= 0.9 * pixels_of(apart_png, style.colour), style.key


def test_a_talk_about_mark_shows(wat_telt):
    plain = board_picture([make_board(wat_telt, WAT_TELT_SCORES)], wat_telt)
    marked = board_picture([make_board(wat_telt, WAT_TELT_SCORES, talk_about=["geld", "wonen"])], wat_telt)
    assert marked != plain


def test_a_board_without_any_score_still_renders(wat_telt):
    png = board_picture([make_board(wat_telt, [None] * 14)], wat_telt)
    assert image(png).width == 1080


def test_a_six_domain_ten_point_instrument_renders(ten_point, wat_telt):
    resident = make_board(ten_point, [0, 7, 10, 5, "skipped", None], life_rating=None, talk_about=["mentaal"])
    professional = make_board(ten_point, [2, 7, 9, 5, 4, 10], "professional")
    png = board_picture([resident, professional], ten_point)
    picture = image(png)
    assert picture.width == 1080
    fourteen = image(board_picture([make_board(wat_telt, WAT_TELT_SCORES)], wat_telt))
    assert picture.height < fourteen.height  # six rows, not fourteen
    resident.domain("lichaam").set_status("answered", 1)  # one step on eleven points is visible
    assert board_picture([resident, professional], ten_point) != png


def test_no_boards_is_a_mistake(wat_telt):
    with pytest.raises(ValueError):
        board_picture([], wat_telt)
