"""The call-back requests page: /terugbellen lists the open requests, "Ik bel" says who calls, "Gebeld" closes one."""

from typing import Callable

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from bot.wijkteam import access, callbacks
from bot.wijkteam.app import state
from bot.wijkteam.forms import HandledForm

blueprint = Blueprint("callbacks", __name__)

MAX_ID = 2**31 - 1


@blueprint.app_context_processor
def open_count() -> dict:
    """The number of open requests beside the menu item, for a logged-in worker (a count, no names)."""
    if g.get("worker") is None:
        return {}
    try:
        with state().database.reading() as db:
            return {"nav_badges": {"callbacks.index": callbacks.open_count(db)}}
    except SQLAlchemyError:  # the error page of a database outage still renders, without the count
        return {}


@blueprint.route("/terugbellen")
def index() -> ResponseReturnValue:
    current = state()
    with current.database.transaction() as db:
        requests = callbacks.open_requests(db, g.worker, current.now())
        shared = {board.reference for board in access.shared_boards(db, g.worker, current.now())}
    return render_template("callbacks.html", requests=requests, shared=shared, form=HandledForm())


ALREADY_CLOSED = "Dit verzoek was al afgehandeld."


def _act(request_id: int, change: Callable[..., bool], done: str) -> ResponseReturnValue:
    """A change to one open request from its form (400 without the form's token), then the list again."""
    if not HandledForm().validate() or request_id > MAX_ID:
        abort(400)
    current = state()
    with current.database.transaction() as db:
        changed = change(db, g.worker, request_id, current.now())
    flash(done if changed else ALREADY_CLOSED)
    return redirect(url_for("callbacks.index"))


@blueprint.route("/terugbellen/<int:request_id>/ik-bel", methods=["POST"])
def claim(request_id: int) -> ResponseReturnValue:
    return _act(request_id, callbacks.claim, "Je collega's zien nu dat jij belt.")


@blueprint.route("/terugbellen/<int:request_id>/gebeld", methods=["POST"])
def handled(request_id: int) -> ResponseReturnValue:
    return _act(request_id, callbacks.mark_handled, "Afgehandeld. Het nummer is gewist.")
