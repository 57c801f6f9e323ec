"""`python -m bot.wijkteam [--host H] [--port P]`: serve the wijkteam web app with waitress."""

import argparse
import logging
import sys
from typing import List, Optional

from sqlalchemy import inspect

from bot.wijkteam import settings

REQUIRED_TABLES = ("workers", "board_access", "audit_log", "worker_sessions", "worker_links")


def missing_tables(database_url: str) -> List[str]:
    from bot.storage.database import create_database_engine

    engine = create_database_engine(database_url)
    try:
        present = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    return [name for name in REQUIRED_TABLES if name not in present]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.wijkteam", description="The wijkteam web app (waitress).")
    parser.add_argument("--host", default=settings.host(), help="interface (default $HOST or %(default)s)")
    parser.add_argument("--port", type=int, default=settings.port(), help="port (default $WIJKTEAM_PORT or %(default)s)")
    parser.add_argument("--threads", type=int, default=4, help="worker threads (default %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from waitress import serve

    from bot.config import database_url
    from bot.wijkteam.app import create_app

    url = database_url()
    missing = missing_tables(url)
    if missing:
        print(f"wijkteam: the database lacks {', '.join(missing)}: run `python -m bot migrate` first", file=sys.stderr)
        return 2
    app = create_app(url)
    print(f"wijkteam: the page for workers is on http://{args.host}:{args.port}/", flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="wijkteam", clear_untrusted_proxy_headers=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
