"""`python -m bot.schedule [--once]`: the scheduler process (started by `make run`)."""

import argparse
import logging
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.schedule", description="Sends due check-ins and reminders (docs/follow-up.md)."
    )
    parser.add_argument("--once", action="store_true", help="one dispatch now, then stop (quiet hours still hold)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logger = logging.getLogger("bot.schedule")

    from bot.config import database_url
    from bot.schedule.delivery import telegram_delivery_from_environment
    from bot.schedule.dispatch import Dispatcher
    from bot.schedule.runner import run
    from bot.schedule.settings import ScheduleSettings
    from bot.turn import build_turn_service

    try:
        settings = ScheduleSettings.from_environment()
    except ValueError as error:
        print(f"schedule: {error}", file=sys.stderr)
        return 2
    url = database_url()
    turns = build_turn_service(url)
    telegram = telegram_delivery_from_environment()
    if telegram is None:
        logger.warning("TELEGRAM_TOKEN is not set: check-ins wait for the resident's next visit")
    dispatcher = Dispatcher(turns.database, turns, [telegram] if telegram else [], settings)
    logger.info("quiet hours: %s", settings.quiet_hours.describe())
    if args.once:
        report = dispatcher.run_once()
        if report.quiet_until is not None:
            print(f"schedule: quiet hours until {report.quiet_until.astimezone(settings.quiet_hours.zone):%H:%M}")
        else:
            print(f"schedule: {report}" if str(report) else "schedule: nothing due")
        return 0
    run(dispatcher, url, settings.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
