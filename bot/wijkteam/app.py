"""The Flask app factory of the wijkteam web app.

Every page needs a logged-in worker, except the ones named in PUBLIC_ENDPOINTS: a new blueprint
is protected without doing anything. Add a page (e.g. the monitor) with `add_page(app, blueprint,
nav_label)`: it gets the login check, CSRF protection, the security headers and a menu item.
"""

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, List, Optional, Tuple
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from bot.storage.database import Database
from bot.wijkteam import sessions
from bot.wijkteam.formatting import register_filters
from bot.wijkteam.forms import LogoutForm
from bot.wijkteam.settings import MAX_REQUEST_BYTES, Limits, derived_key, secure_cookies

PUBLIC_ENDPOINTS = {"auth.login", "static", "health"}
SESSION_KEY = "sid"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class State:
    """What the routes share: the database, the limits, the clock (tests move it) and the menu."""

    database: Database
    limits: Limits
    clock: Callable[[], datetime] = utc_now
    nav: List[Tuple[str, str]] = field(default_factory=list)  # (endpoint, label)
    board_picture: Optional[Callable] = None  # bot/rendering's board_picture, when it is there

    def now(self) -> datetime:
        return self.clock()


def state() -> State:
    return current_app.extensions["wijkteam"]


def create_app(
    database_url: Optional[str] = None,
    *,
    limits: Optional[Limits] = None,
    secure: Optional[bool] = None,
    secret: Optional[bytes] = None,
    clock: Optional[Callable[[], datetime]] = None,
) -> Flask:
    from bot.config import database_url as configured_url

    app = Flask(__name__, static_folder="static", template_folder="templates")
    limits = limits or Limits()
    app.config.update(
        SECRET_KEY=derived_key("session", secret),
        WTF_CSRF_SECRET_KEY=derived_key("csrf", secret),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session (SESSION_LIFETIME at most)
        SESSION_COOKIE_NAME="wijkteam_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure_cookies() if secure is None else secure,
        PERMANENT_SESSION_LIFETIME=limits.session_lifetime,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["wijkteam"] = State(
        database=Database.from_url(database_url or configured_url()),
        limits=limits,
        clock=clock or utc_now,
        board_picture=_board_picture(),
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["zip"] = zip
    register_filters(app)
    app.before_request(_load_worker)  # before CSRFProtect's check: a logged-out POST goes to the login page
    CSRFProtect(app)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.add_url_rule("/health", "health", lambda: ("ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}))

    from bot.wijkteam.views.auth import blueprint as auth
    from bot.wijkteam.views.boards import blueprint as boards

    app.register_blueprint(auth)
    add_page(app, boards, ("boards.index", "Gedeelde borden"))
    from bot.wijkteam.views.callbacks import blueprint as callbacks

    add_page(app, callbacks, ("callbacks.index", "Terugbellen"))
    from bot.wijkteam.monitor.views import blueprint as monitor

    add_page(app, monitor, ("monitor.index", "Monitor"))
    return app


def add_page(app: Flask, blueprint: Blueprint, nav: Optional[Tuple[str, str]] = None) -> None:
    """Register a blueprint of pages for logged-in workers; `nav` = (endpoint, label) adds a menu item."""
    app.register_blueprint(blueprint)
    if nav is not None:
        app.extensions["wijkteam"].nav.append(nav)


def _board_picture() -> Optional[Callable]:
    try:
        from bot.rendering.picture import board_picture
    except ImportError:  # the rendering package is optional for this app
        return None
    return board_picture


def _load_worker() -> Optional[ResponseReturnValue]:
    g.worker = None
    if request.endpoint == "static" or request.endpoint == "health":
        return None
    token = session.get(SESSION_KEY)
    if token:
        current = state()
        with current.database.transaction() as db:
            g.worker = sessions.current(db, token, current.now(), current.limits)
        if g.worker is None:
            session.pop(SESSION_KEY, None)
    if g.worker is None and request.endpoint not in PUBLIC_ENDPOINTS:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=safe_next(target)))
    return None


def safe_next(target: Optional[str]) -> Optional[str]:
    """A path on this site to return to after logging in, or None (no open redirects)."""
    if not target:
        return None
    target = target.rstrip("?")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if target.startswith(("/login", "/logout")):
        return None
    return target


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _template_globals() -> dict:
    worker = g.get("worker")
    return {
        "worker": worker,
        "logout_form": LogoutForm(formdata=None) if worker else None,  # never bound to the request's form
        "nav": state().nav if worker else [],
    }


def _csrf_failed(error: CSRFError) -> ResponseReturnValue:
    if request.endpoint == "auth.login":
        from bot.wijkteam.views.auth import login_page

        return login_page(message="Het formulier was verlopen. Log opnieuw in.", status=400)
    if request.endpoint == "boards.enter_code":
        from bot.wijkteam.views.boards import index_page

        return index_page(code_error="Het formulier was verlopen. Probeer het opnieuw.", status=400)
    return error_page(400)


ERRORS = {
    400: ("Dit verzoek klopt niet", "Ga terug en probeer het opnieuw."),
    403: (
        "Geen toegang",
        "Dit bord is niet met je gedeeld, of het delen is gestopt. Vraag de bewoner om een nieuwe code.",
    ),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet."),
    405: ("Dit kan hier niet", "Deze pagina werkt niet op deze manier. Ga terug en probeer het opnieuw."),
    413: ("Te veel gegevens", "Wat je stuurde is te groot. Er is niets bewaard."),
    429: ("Even wachten", "Er waren te veel pogingen. Probeer het later opnieuw."),
    500: ("Er ging iets mis", "Probeer het zo nog eens. Er is niets veranderd."),
}


def error_page(status: int, text: Optional[str] = None) -> ResponseReturnValue:
    title, default = ERRORS.get(status, ERRORS[400] if status < 500 else ERRORS[500])
    return render_template("error.html", title=title, text=text or default, status=status), status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    """A page in Dutch; a route's own description (abort(404, description=...)) replaces the default line."""
    own = error.description if error.description != type(error).description else None
    return error_page(error.code or 500, own)


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    """Logged by type and code position only: an exception's message may hold what a resident wrote."""
    where = "".join(traceback.format_tb(error.__traceback__))
    current_app.logger.error("unexpected %s on %s %s\n%s", type(error).__name__, request.method, request.endpoint, where)
    return error_page(500)
