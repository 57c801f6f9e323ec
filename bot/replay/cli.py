"""`python -m bot replay SOURCE`: resolve the source, build the replay, show it."""

import sys

from bot.replay.render import render_plain, render_rich, wait_for_key
from bot.replay.sources import (
    NotATrainer,
    NoTrainingConsent,
    Replay,
    practice_session,
    replay_story,
    require_trainer_token,
    resolve_participant,
    stored_conversation,
    stories_of,
)


def build_replays(source: str, story: str, database_url: str):
    """The replays a SOURCE names (a generator: stories are run one by one)."""
    if source.startswith(("participant:", "practice:")):
        from bot.storage.database import create_database_engine

        engine = create_database_engine(database_url)
        kind, _, key = source.partition(":")
        if kind == "practice":
            yield practice_session(engine, int(key))
        else:
            require_trainer_token()
            yield stored_conversation(engine, resolve_participant(engine, key))
        return
    stories = stories_of(source, story)
    from bot.replay.runner import LocalAssistant

    print(f"Loading the assistant to replay {len(stories)} stor{'y' if len(stories) == 1 else 'ies'} ...", file=sys.stderr)
    with LocalAssistant() as assistant:
        for found in stories:
            yield replay_story(found, assistant.conversation)


def replay_command(args) -> int:
    try:
        for replay in build_replays(args.source, args.story, args.database_url):
            show(replay, args)
    except (LookupError, ValueError) as error:
        print(f"replay: {error}", file=sys.stderr)
        return 1
    except (NoTrainingConsent, NotATrainer) as error:
        print(f"replay refused: {error}", file=sys.stderr)
        return 3
    return 0


def show(replay: Replay, args) -> None:
    if args.plain:
        render_plain(replay, sys.stdout)
        sys.stdout.flush()
    else:
        render_rich(replay, wait_for_key, delay=args.delay if args.auto else None)
