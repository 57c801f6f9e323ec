"""`python -m bot monitor [--json | --csv] [--period quarter|month|year]`: the team's learning view.

Registered in bot/cli.py with `register(commands)`. Prints anonymous figures only (figures.py):
a group of fewer than MONITOR_MIN_GROUP residents prints no figures, only that it is too small.
"""

import sys


def register(commands) -> None:  # argparse's _SubParsersAction
    monitor = commands.add_parser(
        "monitor",
        help="anonymous figures across residents per period and domain (groups under MONITOR_MIN_GROUP hidden)",
    )
    form = monitor.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="as JSON (format: docs/follow-up.md)")
    form.add_argument("--csv", action="store_true", help="as CSV: period,instrument,section,domain,measure,value")
    monitor.add_argument("--period", choices=("quarter", "month", "year"), default="quarter", help="default %(default)s")
    monitor.set_defaults(run=_monitor)


def _monitor(args) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.storage.database import Database
    from bot.wijkteam.monitor.figures import monitor
    from bot.wijkteam.monitor.output import as_csv, as_json, as_text

    database = Database.from_url(args.database_url)
    try:
        with database.reading() as session:
            document = monitor(session, args.period)
    except ValueError as error:
        print(f"monitor: {error}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as error:
        print(f"monitor: the database is not ready ({type(error.orig).__name__}): run `python -m bot migrate`", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    sys.stdout.write(as_json(document) if args.json else as_csv(document) if args.csv else as_text(document))
    return 0
