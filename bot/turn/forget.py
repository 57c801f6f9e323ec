"""What forgetting deletes outside the database (the turn service deletes the database rows and the
memory-only records itself): transcripts and locks kept in Redis, and cached board pictures."""

import logging

from bot.pseudonyms import pseudonym
from bot.rendering.cache import forget_cached_media
from bot.storage.ephemeral import ephemeral_url

logger = logging.getLogger(__name__)
REDIS_PATTERNS = ("wattelt:tracker:{participant}", "wattelt:lock:{participant}:*")


def forget_outside_database(participant_id: str) -> None:
    url = ephemeral_url()
    if url:
        import redis

        red = redis.Redis.from_url(url, socket_timeout=5)
        for pattern in REDIS_PATTERNS:
            keys = (
                list(red.scan_iter(pattern.format(participant=participant_id)))
                if "*" in pattern
                else [pattern.format(participant=participant_id)]
            )
            if keys:
                red.delete(*keys)
    forget_cached_media(participant_id)
    logger.info("forgotten outside the database: %s", pseudonym(participant_id))
