"""Logging in and out. Wrong name and wrong password get the same answer; after MAX_FAILED_LOGINS
wrong passwords in a row the account is locked for LOCK_OUT (nginx limits /login as well)."""

from typing import Optional

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.dates import date_time
from bot.wijkteam import accounts, audit, sessions
from bot.wijkteam.app import SESSION_KEY, safe_next, state
from bot.wijkteam.forms import LoginForm, LogoutForm

blueprint = Blueprint("auth", __name__)

REFUSED = "Deze combinatie van gebruikersnaam en wachtwoord klopt niet."
LOCKED = "Te veel mislukte pogingen. Je account is geblokkeerd tot {until}. Probeer het daarna opnieuw."


def login_page(form: Optional[LoginForm] = None, message: Optional[str] = None, status: int = 200) -> ResponseReturnValue:
    form = form or LoginForm()
    form.password.data = ""  # a password is never sent back
    return render_template("login.html", form=form, message=message, next=safe_next(request.args.get("next"))), status


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if g.worker is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("boards.index"))
    form = LoginForm()
    if request.method == "GET":
        return login_page(form)
    if not form.validate():
        return login_page(form, status=400)
    current = state()
    now = current.now()
    with current.database.transaction() as db:
        sessions.end(db, session.get(SESSION_KEY))  # logging in again ends the session before
        result = accounts.log_in(db, form.username.data or "", form.password.data or "", now, current.limits)
        token = None
        if result.outcome is accounts.LoginOutcome.OK and result.worker_id is not None:
            token = sessions.start(db, result.worker_id, now, current.limits)
    if result.outcome is accounts.LoginOutcome.LOCKED:
        return login_page(form, LOCKED.format(until=date_time(result.locked_until)), status=429)
    if token is None:
        return login_page(form, REFUSED, status=401)
    current_app.logger.info("worker %s logged in", result.worker_id)
    session.clear()  # a fresh session (and CSRF token) after logging in
    session.permanent = True
    session[SESSION_KEY] = token
    return redirect(safe_next(request.args.get("next")) or url_for("boards.index"))


@blueprint.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    form = LogoutForm()
    if not form.validate():
        return redirect(url_for("boards.index"))
    current = state()
    with current.database.transaction() as db:
        sessions.end(db, session.get(SESSION_KEY))
        audit.record(db, "logout", current.now(), g.worker.actor, g.worker.id)
    session.clear()
    return redirect(url_for("auth.login", uit=1))
