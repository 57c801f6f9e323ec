"""`python -m bot COMMAND`: export, delete, migrate, practice-report, replay, to-story, chat, check-settings. `--help` on every command."""

import argparse
import json
import sys
from typing import List, Optional

from bot.config import database_url
from bot.flows.practice.cli import register as register_practice_commands
from bot.wijkteam.cli import register as register_wijkteam_commands
from bot.wijkteam.monitor.cli import register as register_monitor_command

CHANNEL_PREFIXES = ("rest:", "web:", "telegram:", "replay:")


def stored_id(participant: str) -> str:
    """The participant as stored: a bare id is a REST sender (the REST channel namespaces it as `rest:<sender>`)."""
    return participant if participant.startswith(CHANNEL_PREFIXES) else f"rest:{participant}"


def _export(args) -> int:
    from bot.storage.database import Database
    from bot.storage.export import participant_export

    database = Database.from_url(args.database_url)
    with database.reading() as session:
        export = participant_export(session, stored_id(args.participant))
    export["participant"] = args.participant
    json.dump(export, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _delete(args) -> int:
    from bot.turn import build_turn_service

    build_turn_service(args.database_url).forget(stored_id(args.participant))
    print("deleted: everything stored of this participant (answers, other perspectives, conversation, schedule)")
    return 0


def _migrate(args) -> int:
    from bot.storage.migrate import upgrade_to_latest

    upgrade_to_latest(args.database_url)
    return 0


def _practice_report(args) -> int:
    from bot.flows.practice.report import print_report, print_session_list
    from bot.storage.database import Database
    from bot.storage.practice import PracticeReports

    store = PracticeReports(Database.from_url(args.database_url))
    if args.session is None:
        return print_session_list(store.sessions(args.participant), sys.stdout)
    try:
        report = store.report(args.session)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    return print_report(report, sys.stdout)


def _replay(args) -> int:
    from bot.replay.cli import replay_command

    return replay_command(args)


def _to_story(args) -> int:
    from bot.replay.to_story import to_story_command

    return to_story_command(args)


def _chat(args) -> int:
    from bot.terminal_chat import chat

    return chat(args.url, args.sender)


def _check_settings(args) -> int:
    from bot.settings_check import settings_problems

    problems = settings_problems()
    for problem in problems:
        print(f"check-settings: {problem}", file=sys.stderr)
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Wat telt gespreksgids: tools for stored boards.")
    parser.add_argument("--database-url", default=None, help="database (default: $DATABASE_URL or the SQLite file under var/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    export = commands.add_parser("export", help="print everything stored for one participant as JSON")
    export.add_argument("--participant", required=True, help="the participant id (the channel's sender id)")
    export.set_defaults(run=_export)

    delete = commands.add_parser("delete", help="delete all answers and the Rasa conversation of one participant")
    delete.add_argument("--participant", required=True, help="the participant id (the channel's sender id)")
    delete.set_defaults(run=_delete)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate.set_defaults(run=_migrate)

    practice = commands.add_parser(
        "practice-report", help="a stored practice session with its turns and feedback (no ID: list them)"
    )
    practice.add_argument("session", nargs="?", type=int, help="the session id (from the list)")
    practice.add_argument("--participant", default=None, help="list only this worker's sessions")
    practice.add_argument("--json", action="store_true", help="print the session as JSON")
    practice.set_defaults(run=_practice_report)

    replay = commands.add_parser(
        "replay",
        help="replay a conversation turn by turn for a trainer",
        description="SOURCE: a story name, a story file (data/stories, bot/content/training, tests/), "
        "participant:ID (a stored conversation with training consent) or practice:ID.",
    )
    replay.add_argument("source", help="what to replay (see above)")
    replay.add_argument("--story", default=None, help="with a story file: only this story")
    replay.add_argument("--auto", action="store_true", help="go on by itself instead of waiting for Enter")
    replay.add_argument("--delay", type=float, default=2.0, help="with --auto: seconds between turns (default %(default)s)")
    replay.add_argument("--plain", action="store_true", help="plain text lines (for logs), all turns at once")
    replay.set_defaults(run=_replay)

    to_story = commands.add_parser("to-story", help="a stored conversation as an anonymised Rasa test story (YAML on stdout)")
    to_story.add_argument("participant", help="the participant id (needs their consent to training use)")
    to_story.add_argument("--name", default=None, help="the story's name (default: a name without the participant id)")
    to_story.add_argument("--out", default=None, help="write to this file instead of stdout")
    to_story.set_defaults(run=_to_story)

    chat = commands.add_parser("chat", help="chat with the running assistant in this terminal (REST channel)")
    chat.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server (default %(default)s)")
    chat.add_argument("--sender", default=None, help="participant id (default: a new random one)")
    chat.set_defaults(run=_chat)

    check = commands.add_parser(
        "check-settings", help="exit 1, naming each variable, when a secret is missing or shorter than 32 characters"
    )
    check.set_defaults(run=_check_settings)
    register_wijkteam_commands(commands)
    register_practice_commands(commands)
    register_monitor_command(commands)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    args.database_url = args.database_url or database_url()
    return args.run(args)
