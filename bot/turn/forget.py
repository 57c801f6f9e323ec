"""What forgetting deletes outside the database (the turn service deletes the database rows and the
memory-only records itself): the transcript kept in Redis, and cached board pictures. The lock
store's keys name a conversation by a keyed hash only (bot/lock_store.py) and expire on their own."""

import logging

from bot.pseudonyms import pseudonym
from bot.rendering.cache import forget_cached_media
from bot.storage.ephemeral import ephemeral_url

logger = logging.getLogger(__name__)
TRACKER_KEY = "wattelt:tracker:{participant}"


def forget_outside_database(participant_id: str) -> None:
    url = ephemeral_url()
    if url:
        import redis

        redis.Redis.from_url(url, socket_timeout=5).delete(TRACKER_KEY.format(participant=participant_id))
    forget_cached_media(participant_id)
    logger.info("forgotten outside the database: %s", pseudonym(participant_id))
