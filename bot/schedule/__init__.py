"""Messages the assistant sends unasked: the check-in weeks after the board, and the one reminder
of a paused board (`python -m bot.schedule`, started by `make run`).

- The durable schedule is the `scheduled_messages` table, written by the turn that schedules
  (bot/storage/turn_store.py). APScheduler (its SQLAlchemyJobStore in the same database) runs one
  dispatch job every SCHEDULE_INTERVAL seconds, in every scheduler process (runner.py).
- A dispatch (dispatch.py) claims each due row atomically before it starts the check-in's turn
  (TurnService.start_unasked) and sends the replies; only the claimer sends, so two schedulers on one
  database never send a message twice; a claim that died is taken over after SCHEDULE_CLAIM_TIMEOUT
  (queue.py).
- Nothing is sent in quiet hours (QUIET_HOURS, default 20:00-09:00 Europe/Amsterdam, quiet_hours.py).
- Telegram is pushed to (delivery.py, the channel's own sender and inline keyboards); a web chat
  participant sees a due check-in at their next visit (bot/flows/board/check_in.py).
- Delivery that fails is retried with back-off (SCHEDULE_RETRY_AFTER doubling), at most
  SCHEDULE_MAX_ATTEMPTS times. Logs name participants by pseudonym, never a message text.
See docs/follow-up.md.
"""
