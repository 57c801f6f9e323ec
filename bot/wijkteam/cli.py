"""`python -m bot worker add|list|remove|password|link|unlink` and `python -m bot audit`.

Registered in bot/cli.py with `register(commands)`. Nothing here prints a resident's channel id:
boards are named by their pseudonym.
"""

import argparse
import getpass
import json
import sys
from datetime import datetime, timezone
from typing import Callable, Optional

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session


def register(commands) -> None:  # argparse's _SubParsersAction
    worker = commands.add_parser("worker", help="wijkteam workers' accounts for the web app (add, list, remove, ...)")
    actions = worker.add_subparsers(dest="worker_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a worker (asks for the password twice)")
    add.add_argument("username", help="2-64 characters: a-z, 0-9, '.', '_', '-'")
    add.add_argument("--name", required=True, help="the name residents see when they ask who viewed their board")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(run=_add)

    listing = actions.add_parser("list", help="list the workers")
    listing.add_argument("--all", action="store_true", help="also removed workers")
    listing.add_argument("--json", action="store_true", help="as JSON")
    listing.set_defaults(run=_list)

    remove = actions.add_parser("remove", help="remove a worker: no login, no access; the audit log keeps their name")
    remove.add_argument("username")
    remove.set_defaults(run=_remove)

    password = actions.add_parser("password", help="set a new password (also lifts a lock-out and ends their sessions)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    password.set_defaults(run=_password)

    link = actions.add_parser(
        "link", help="link the worker's own chat identity (telegram:ID): the professional views they fill in there give access"
    )
    link.add_argument("username")
    link.add_argument("chat_id", help="the worker's participant id in the chat, e.g. telegram:123456789")
    link.set_defaults(run=_link)

    unlink = actions.add_parser("unlink", help="undo `worker link`")
    unlink.add_argument("username")
    unlink.add_argument("chat_id")
    unlink.set_defaults(run=_unlink)

    audit = commands.add_parser("audit", help="the wijkteam audit log: who viewed which board (pseudonym), when")
    audit.add_argument("--worker", default=None, help="only this worker (username)")
    audit.add_argument("--board", default=None, help="only this board (its pseudonym, deelnemer-...)")
    audit.add_argument("--since", default=None, help="only from this date on (YYYY-MM-DD, UTC)")
    audit.add_argument("--limit", type=int, default=None, help="only the last N rows")
    audit.add_argument("--json", action="store_true", help="as JSON lines")
    audit.set_defaults(run=_audit)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _in_transaction(args, work: Callable[[Session], Optional[int]]) -> int:
    from bot.storage.database import Database
    from bot.wijkteam.accounts import AccountError

    database = Database.from_url(args.database_url)
    try:
        with database.transaction() as session:
            return work(session) or 0
    except AccountError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as error:
        print(
            f"{args.command}: the database is not ready ({type(error.orig).__name__}): run `python -m bot migrate`",
            file=sys.stderr,
        )
        return 1
    finally:
        database.dispose()


def _read_password(args) -> Optional[str]:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        print("worker: no terminal to ask for the password: use --password-stdin", file=sys.stderr)
        return None
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        print("worker: the passwords differ; nothing changed", file=sys.stderr)
        return None
    return first


def _add(args) -> int:
    from bot.wijkteam import accounts

    password = _read_password(args)
    if password is None:
        return 1

    def work(session: Session) -> int:
        worker = accounts.add_worker(session, args.username, args.name, password, _now())
        print(f"worker {worker.username} added ({worker.display_name})")
        return 0

    return _in_transaction(args, work)


def _list(args) -> int:
    from bot.wijkteam import accounts

    def work(session: Session) -> int:
        workers = accounts.list_workers(session, include_removed=args.all)
        now = _now()
        if args.json:
            for item in workers:
                print(
                    json.dumps(
                        {
                            "username": item.username,
                            "name": item.display_name,
                            "active": item.active,
                            "locked": bool(item.locked_until and item.locked_until > now),
                            "created_at": item.created_at.isoformat(),
                            "last_login_at": item.last_login_at.isoformat() if item.last_login_at else None,
                            "chat_ids": item.chat_ids,
                        },
                        ensure_ascii=False,
                    )
                )
            return 0
        if not workers:
            print("no workers yet: python -m bot worker add USERNAME --name 'Full Name'")
        for item in workers:
            state = "removed" if not item.active else "locked" if item.locked_until and item.locked_until > now else "active"
            last = item.last_login_at.strftime("%Y-%m-%d %H:%M") if item.last_login_at else "never"
            links = f"  linked: {', '.join(item.chat_ids)}" if item.chat_ids else ""
            print(f"{item.username:<20} {item.display_name:<30} {state:<8} last login {last}{links}")
        return 0

    return _in_transaction(args, work)


def _remove(args) -> int:
    from bot.wijkteam import accounts

    def work(session: Session) -> int:
        accounts.remove_worker(session, args.username, _now())
        print(f"worker {accounts.normal_username(args.username)} removed: no login, no access; the audit log keeps their views")
        return 0

    return _in_transaction(args, work)


def _password(args) -> int:
    from bot.wijkteam import accounts

    password = _read_password(args)
    if password is None:
        return 1

    def work(session: Session) -> int:
        accounts.set_password(session, args.username, password, _now())
        print(f"worker {accounts.normal_username(args.username)}: new password set, lock-out lifted, sessions ended")
        return 0

    return _in_transaction(args, work)


def _link(args) -> int:
    from bot.wijkteam import accounts

    def work(session: Session) -> int:
        accounts.link_chat(session, args.username, args.chat_id, _now())
        print(f"worker {accounts.normal_username(args.username)} linked to their chat identity")
        return 0

    return _in_transaction(args, work)


def _unlink(args) -> int:
    from bot.wijkteam import accounts

    def work(session: Session) -> int:
        accounts.unlink_chat(session, args.username, args.chat_id, _now())
        print(f"worker {accounts.normal_username(args.username)}: chat identity unlinked")
        return 0

    return _in_transaction(args, work)


def _since(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise argparse.ArgumentTypeError("--since needs a date like 2026-12-31") from None


def _audit(args) -> int:
    from bot.wijkteam import audit

    try:
        since = _since(args.since)
    except argparse.ArgumentTypeError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("audit: --limit needs a number of 1 or more", file=sys.stderr)
        return 2

    def work(session: Session) -> int:
        rows = audit.entries(session, worker=args.worker, board=args.board, since=since, limit=args.limit)
        for row in rows:
            if args.json:
                print(json.dumps(row.as_dict(), ensure_ascii=False))
            else:
                who = f"{row.actor} ({row.worker})" if row.worker else row.actor
                print(f"{row.at.strftime('%Y-%m-%d %H:%M:%S')}Z  {who:<40} {row.action:<15} {row.board or '-'}")
        if not rows and not args.json:
            print("no audit rows" + (" for this selection" if (args.worker or args.board or since) else ""))
        return 0

    return _in_transaction(args, work)
