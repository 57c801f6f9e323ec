"""APScheduler runs the dispatch: one interval job in an SQLAlchemyJobStore in the app's database.

The job is stored by reference (`bot.schedule.runner:dispatch_due`, no arguments, no personal data)
in the `apscheduler_jobs` table (migration 0005), so its next run survives a restart; a run missed
while the scheduler was down is made up once (coalesce) at start. Every scheduler process runs it
(APScheduler 3 does not share a job store between schedulers): the row claims in queue.py make sure
a message is still sent once. The job store needs SQLAlchemy's 1.x-style engine (`engine.execute`).
"""

import logging
import signal
import threading
from datetime import datetime, timezone
from typing import Any, Optional

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

from bot.schedule.dispatch import Dispatcher
from bot.storage.database import SQLITE_BUSY_SECONDS

logger = logging.getLogger(__name__)
logging.getLogger("apscheduler").setLevel(logging.WARNING)  # "Running job ..." on every interval

JOB_ID = "wattelt-dispatch"
TABLE = "apscheduler_jobs"

_dispatcher: Optional[Dispatcher] = None  # the process's dispatcher, used by the stored job


class DispatchScheduler(BlockingScheduler):
    """APScheduler's BlockingScheduler that looks for due jobs no more once it is shut down (3.x would
    still try to submit one to its stopped executor after a shutdown from a signal)."""

    def _process_jobs(self) -> Optional[float]:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


def dispatch_due() -> None:
    """The stored job: one dispatch by this process's dispatcher."""
    if _dispatcher is None:
        logger.warning("dispatch job ran without a dispatcher in this process")
        return
    try:
        _dispatcher.run_once()
    except Exception as error:  # logged by type only: an exception may carry a resident's words
        logger.error("dispatch failed: %s (tried again at the next interval)", type(error).__name__)
        logger.debug("dispatch failure", exc_info=True)


def job_store_engine(url: str) -> Engine:
    """A 1.x-style engine for APScheduler's job store (SQLite: a busy timeout beside the turns' writers)."""
    if make_url(url).get_backend_name() == "sqlite":
        return create_engine(url, hide_parameters=True, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=2)


def build_scheduler(dispatcher: Dispatcher, url: str, interval: float) -> DispatchScheduler:
    global _dispatcher
    _dispatcher = dispatcher
    scheduler = DispatchScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=job_store_engine(url), tablename=TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=timezone.utc,
    )
    scheduler.add_job(
        dispatch_due,
        IntervalTrigger(seconds=interval, timezone=timezone.utc),
        id=JOB_ID,
        name="send due check-ins and reminders",
        replace_existing=True,
        next_run_time=datetime.now(timezone.utc),  # at once after a (re)start: what came due meanwhile
    )
    return scheduler


def run(dispatcher: Dispatcher, url: str, interval: float) -> None:
    """Run until SIGTERM or SIGINT; a dispatch that is running finishes first."""
    scheduler = build_scheduler(dispatcher, url, interval)

    def stop(signum: int, frame: Any) -> None:
        logger.info("stopping (signal %d)", signum)
        threading.Thread(target=scheduler.shutdown, name="scheduler-stop").start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("scheduler %s: a dispatch every %gs", dispatcher.name, interval)
    scheduler.start()
    logger.info("scheduler %s stopped", dispatcher.name)
