"""The shared boards: the list, entering a resident's code, one board (all perspectives, the
differences, the change, goals, own words), its printable version and its picture.

Every view of a board is written to the audit log in the same transaction that checks access."""

from typing import List, Optional, Tuple

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from bot.content import load_instrument
from bot.pseudonyms import PREFIX
from bot.storage.records import Board
from bot.wijkteam import access, audit, board_view
from bot.wijkteam.app import state
from bot.wijkteam.forms import CodeForm

blueprint = Blueprint("boards", __name__)

MAX_ROUND = 10_000
NO_SUCH_ROUND = "Deze meting bestaat niet. Kies een meting op de pagina van het bord."
CODE_ANSWERS = {
    access.CodeOutcome.UNREADABLE: ("Een code heeft 8 tekens, bijvoorbeeld ABCD-EFGH.", 400),
    access.CodeOutcome.REFUSED: ("Deze code is onbekend of werkt niet meer. Vraag de bewoner om een nieuwe code.", 400),
    access.CodeOutcome.TOO_MANY: ("Te veel onjuiste codes achter elkaar. Probeer het over een kwartier opnieuw.", 429),
}


def index_page(form: Optional[CodeForm] = None, code_error: Optional[str] = None, status: int = 200) -> ResponseReturnValue:
    current = state()
    with current.database.transaction() as db:
        boards = access.shared_boards(db, g.worker, current.now())
    return render_template("boards.html", boards=boards, form=form or CodeForm(), code_error=code_error), status


@blueprint.route("/")
def index() -> ResponseReturnValue:
    return index_page()


@blueprint.route("/codes", methods=["POST"])
def enter_code() -> ResponseReturnValue:
    form = CodeForm()
    if not form.validate():
        return index_page(form, status=400)
    current = state()
    with current.database.transaction() as db:
        result = access.enter_code(db, g.worker, form.code.data or "", current.now(), current.limits)
    if result.outcome is access.CodeOutcome.GRANTED:
        flash("Het bord is met je gedeeld.")
        return redirect(url_for("boards.board", reference=result.reference))
    message, status = CODE_ANSWERS[result.outcome]
    return index_page(form, code_error=message, status=status)


def _round_number() -> Optional[int]:
    """?meting=N: one of the resident's earlier boards; absent: the latest."""
    value = request.args.get("meting")
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_ROUND:
        abort(404, description=NO_SUCH_ROUND)
    return int(value)


def _shared_boards(db: Session, reference: str, action: str) -> Tuple[List[Board], Optional[int]]:
    """The resident's boards and the round asked for, when this worker may see them now (403
    otherwise, before anything else is looked at); the view is audited as `action` in this transaction."""
    now = state().now()
    shared = access.shared_board(db, g.worker, reference, now) if reference.startswith(PREFIX) and len(reference) <= 40 else None
    if shared is None:
        abort(403)
    number = _round_number()
    boards = board_view.load_boards(db, shared.owner_id)
    if number is not None and board_view.pick_round(boards, number) is None:
        abort(404, description=NO_SUCH_ROUND)
    audit.record(db, action, now, g.worker.actor, g.worker.id, subject_id=shared.owner_id)
    return boards, number


def _open_board(reference: str, action: str) -> Optional[board_view.BoardView]:
    with state().database.transaction() as db:
        boards, number = _shared_boards(db, reference, action)
        return board_view.build(reference, boards, number)


@blueprint.route("/boards/<reference>")
def board(reference: str) -> ResponseReturnValue:
    view = _open_board(reference, "view_board")
    picture = state().board_picture is not None
    return render_template("board.html", reference=reference, view=view, printing=False, picture=picture)


@blueprint.route("/boards/<reference>/print")
def print_board(reference: str) -> ResponseReturnValue:
    view = _open_board(reference, "print_board")
    current = state()
    picture = current.board_picture is not None
    return render_template("board.html", reference=reference, view=view, printing=True, picture=picture, now=current.now())


@blueprint.route("/boards/<reference>/picture.png")
def picture(reference: str) -> ResponseReturnValue:
    render = state().board_picture
    if render is None:
        abort(404)
    with state().database.transaction() as db:
        boards, number = _shared_boards(db, reference, "view_picture")
        shown = board_view.round_of(boards, number)
    if not shown:
        abort(404, description=NO_SUCH_ROUND)
    png = render(shown, load_instrument(shown[0].instrument))
    return Response(png, mimetype="image/png")
