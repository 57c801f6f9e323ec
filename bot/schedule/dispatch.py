"""One dispatch: every due message is claimed, its turn started, its replies sent, its row settled.

    claim (own transaction) -> TurnService.start_unasked (the turn's transaction) -> send -> settle

- started: sent -> 'sent'; the send failed -> pending again after a back-off, 'failed' after the last attempt;
- waiting (the resident is busy with their board): pending again after SCHEDULE_WAIT_AFTER;
- not_needed (no consent any more, forgotten, the paused board was finished): 'cancelled'.
In quiet hours nothing is claimed at all. The clock is injected (tests move it).
"""

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Dict, Optional, Sequence

from bot.pseudonyms import pseudonym
from bot.schedule import queue
from bot.schedule.delivery import TELEGRAM, Delivery
from bot.schedule.settings import ScheduleSettings
from bot.storage.database import Database
from bot.storage.models import utc_now
from bot.turn.service import TurnService

logger = logging.getLogger(__name__)

PUSH_CHANNELS = (TELEGRAM,)  # channels a message can be sent to unasked; the others see it at their next visit


def scheduler_name() -> str:
    """A claimant name unique to this process (at most 64 characters)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class DispatchReport:
    quiet_until: Optional[datetime] = None
    claimed: int = 0
    sent: int = 0
    waiting: int = 0
    cancelled: int = 0
    retried: int = 0
    failed: int = 0
    taken_elsewhere: int = 0

    def __str__(self) -> str:
        return " ".join(f"{name}={value}" for name, value in vars(self).items() if value and name != "quiet_until")


class Dispatcher:
    def __init__(
        self,
        database: Database,
        turns: TurnService,
        deliveries: Sequence[Delivery],
        settings: ScheduleSettings,
        clock: Callable[[], datetime] = utc_now,
        name: Optional[str] = None,
    ):
        self.database = database
        self.turns = turns
        self.deliveries: Dict[str, Delivery] = {delivery.prefix: delivery for delivery in deliveries}
        self.settings = settings
        self.clock = clock
        self.name = name or scheduler_name()
        self._quiet_logged: Optional[datetime] = None

    def run_once(self) -> DispatchReport:
        """One dispatch of everything due now (APScheduler's job calls this)."""
        now = self.clock()
        quiet_until = self.settings.quiet_hours.until(now)
        if quiet_until is not None:
            if self._quiet_logged != quiet_until:
                local = quiet_until.astimezone(self.settings.quiet_hours.zone)
                logger.info("quiet hours: nothing is sent until %s", local.strftime("%Y-%m-%d %H:%M %Z"))
                self._quiet_logged = quiet_until
            return DispatchReport(quiet_until=quiet_until)
        self._quiet_logged = None
        return asyncio.run(self._dispatch(now))

    async def _dispatch(self, now: datetime) -> DispatchReport:
        report = DispatchReport()
        with self.database.transaction() as session:
            dropped = queue.cancel_unsendable_reminders(session, now, PUSH_CHANNELS)
        report.cancelled += dropped
        with self.database.reading() as session:
            rows = queue.due(session, now, tuple(self.deliveries), self.settings.claim_timeout, self.settings.batch)
        try:
            for row in rows:
                await self._one(row, report)
        finally:
            for delivery in self.deliveries.values():
                await delivery.close()
        if rows or dropped:
            logger.info("dispatch %s: %s", self.name, report)
        return report

    async def _one(self, row: queue.Due, report: DispatchReport) -> None:
        now = self.clock()
        with self.database.transaction() as session:
            claimed = queue.claim(session, row.id, self.name, now, self.settings.claim_timeout)
        if not claimed:
            report.taken_elsewhere += 1
            return
        report.claimed += 1
        who = pseudonym(row.participant_id)
        outcome = self.turns.start_unasked(row.participant_id, row.kind, row.id, self.name)
        if outcome.unasked == "waiting":
            with self.database.transaction() as session:
                queue.release(session, row.id, self.name, now + self.settings.wait_after)
            report.waiting += 1
            logger.info("%s %s waits: the resident is busy", row.kind, who)
            return
        if outcome.unasked != "started" or not outcome.replies:
            with self.database.transaction() as session:
                queue.cancel(session, row.id, self.name)
            report.cancelled += 1
            logger.info("%s %s not needed any more", row.kind, who)
            return
        with self.database.reading() as session:  # forgotten or stopped during the turn: send nothing
            held = queue.still_held(session, row.id, self.name)
        if not held:
            report.cancelled += 1
            return
        delivery = next(d for prefix, d in self.deliveries.items() if row.participant_id.startswith(prefix))
        delivered = await delivery.send(row.participant_id, outcome.replies)
        with self.database.transaction() as session:
            if delivered:
                queue.mark_sent(session, row.id, self.name, self.clock())
                report.sent += 1
                logger.info("%s sent to %s", row.kind, who)
                return
            status = queue.failed_attempt(
                session, row.id, self.name, self.clock(), self.settings.max_attempts, self.settings.retry_delay
            )
        if status == "failed":
            report.failed += 1
            logger.error("%s to %s failed for good after %d attempts", row.kind, who, self.settings.max_attempts)
        else:
            report.retried += 1
            logger.warning("%s to %s failed; it is tried again later", row.kind, who)
