"""The monitor page of the wijkteam web app: /monitor (and its pictures), behind the workers' login
like every page of the app (bot/wijkteam/app.py). Figures only, for groups of at least
MONITOR_MIN_GROUP residents (figures.py); every picture has the same figures in a table."""

import re
from typing import Any, Dict, Optional

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from bot.wijkteam.app import state
from bot.wijkteam.monitor.chart import period_chart
from bot.wijkteam.monitor.figures import monitor

blueprint = Blueprint("monitor", __name__)

KINDS = {"kwartaal": "quarter", "maand": "month", "jaar": "year"}  # ?indeling=... as workers say it
KIND_NAMES = {"quarter": "kwartaal", "month": "maand", "year": "jaar"}
PERIOD = re.compile(r"^\d{4}(-Q[1-4]|-\d{2})?$")
INSTRUMENT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _kind() -> str:
    value = request.args.get("indeling", "kwartaal")
    if value not in KINDS:
        abort(404)
    return KINDS[value]


def _document(kind: str) -> Dict[str, Any]:
    current = state()
    with current.database.reading() as db:
        return monitor(db, kind, now=current.now())


def number(value: Optional[float], digits: int = 1) -> str:
    """3.42 -> "3,4" (Dutch); None -> "-"."""
    return "-" if value is None else f"{value:.{digits}f}".replace(".", ",")


def signed(value: Optional[float]) -> str:
    return "-" if value is None else ("+" if value > 0 else "") + number(value)


def percent(value: Optional[float]) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


@blueprint.route("/monitor")
def index() -> ResponseReturnValue:
    kind = _kind()
    document = _document(kind)
    periods = list(reversed(document["periods"]))  # the latest first
    return render_template(
        "monitor.html",
        document=document,
        periods=periods,
        kind=KIND_NAMES[kind],
        kinds=list(KINDS),
        number=number,
        signed=signed,
        percent=percent,
    )


@blueprint.route("/monitor/grafiek/<period>/<instrument>.png")
def chart(period: str, instrument: str) -> ResponseReturnValue:
    if not PERIOD.match(period) or not INSTRUMENT.match(instrument):
        abort(404)
    block = next(
        (b for b in _document(_kind())["periods"] if b["period"] == period and b["instrument"] == instrument),
        None,
    )
    if block is None:
        abort(404)
    return Response(period_chart(block), mimetype="image/png")
