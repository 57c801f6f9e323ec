"""Play one whole resident conversation through the turn service (no Rasa) and print it as Markdown.

    PYTHONPATH=. .venv/bin/python scripts/example_transcript.py

A fresh SQLite database (migrated by Alembic) in a temporary directory; the resident types words
(read by the app's own reading: no Rasa NLU, so where a step needs an intent it is given, as the
tests do) or presses buttons that were offered. Anything unexpected (no replies, no question
after a reply, a button that was not offered) is written to stderr and the script exits non-zero.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bot.storage.migrate import upgrade_to_latest
from tests.conftest import sqlite_url
from tests.turn.chat import Chat, make_service

PROBLEMS = []


def show(text: str) -> str:
    """Markdown: a hard line break for every line of a reply."""
    return "  \n".join(text.splitlines())


def write(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def print_replies(chat: Chat) -> None:
    for reply in chat.replies:
        text = show(reply.text)
        if reply.attachment is not None:
            text += f"  \n*(bijlage: {reply.attachment.kind})*"
        if reply.buttons:  # the buttons on their own line, in the same paragraph
            text += "  \n" + " ".join(f"[{button.title}]" for button in reply.buttons)
        write(f"**Gids:** {text}")
        write()


def check(chat: Chat, what: str) -> None:
    if not chat.replies:
        PROBLEMS.append(f"{what}: no reply at all")
    elif not any(mark in chat.replies[-1].text for mark in ("?", "Typ")) and not chat.replies[-1].buttons:
        PROBLEMS.append(f"{what}: the last reply asks nothing: {chat.replies[-1].text!r}")


def say(chat: Chat, text: str, intent: str = None) -> None:
    write(f"**Inwoner:** {text}" + (f" *(intent `{intent}`)*" if intent else ""))
    write()
    chat.say(text, intent=intent)
    print_replies(chat)
    check(chat, f"say {text!r}")


def press(chat: Chat, choice: str) -> None:
    titles = {button.choice: button.title for reply in chat.replies for button in reply.buttons}
    if choice not in titles:
        PROBLEMS.append(f"press {choice!r}: not offered; offered: {list(titles)}")
        raise SystemExit(report())
    write(f"**Inwoner:** [knop] {titles[choice]}")
    write()
    chat.press(choice)
    print_replies(chat)
    check(chat, f"press {choice!r}")


def report() -> int:
    for problem in PROBLEMS:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if PROBLEMS else 0


def conversation(chat: Chat) -> None:
    # welcome, consent, the life rating and its two questions
    say(chat, "hallo")
    press(chat, "yes")
    say(chat, "ik geef het een zesje")
    say(chat, "ik heb een dak boven mijn hoofd en mijn kinderen zijn gezond")
    say(chat, "minder zorgen over de rekeningen")
    # where to begin, in own words
    say(chat, "vooral geld eigenlijk")
    # geld: typed score, marked to talk about, both follow-ups
    say(chat, "slecht")
    press(chat, "talk_about")
    say(chat, "ik hou een kasboekje bij")
    say(chat, "dat de schulden minder worden")
    press(chat, "yes")  # look at the other domains too
    # werk: a button, follow-ups skipped
    press(chat, "score:3")
    press(chat, "next")
    # wonen: typed, one follow-up answered, the other skipped
    say(chat, "gaat wel")
    say(chat, "ik heb fijne buren")
    press(chat, "next")
    # lichamelijke gezondheid: a button, marked, both follow-ups
    press(chat, "score:2")
    press(chat, "talk_about")
    say(chat, "ik wandel elke dag met de hond")
    say(chat, "beter slapen")
    # hoe je je voelt: a button; "wat bedoel je?" at a follow-up
    press(chat, "score:3")
    say(chat, "wat bedoel je?")
    say(chat, "als ik met mijn zus praat")
    press(chat, "next")
    # contact met anderen: the wrong smiley, "terug", the right one
    press(chat, "score:5")
    say(chat, "terug")
    press(chat, "score:4")
    press(chat, "next")
    # relaties: typed loosely; the reader is unsure and asks to confirm with one tap
    say(chat, "best oké")
    press(chat, "yes")
    press(chat, "next")
    # kinderen: a correction of geld first, then the open question
    say(chat, "ik wil geld veranderen", intent="correct_answer")
    press(chat, "score:1")
    say(chat, "hoe ver ben ik?")
    press(chat, "score:4")
    say(chat, "ze gaan graag naar school")
    press(chat, "next")
    # dagelijks leven: typed
    say(chat, "het gaat niet zo goed, de post stapelt zich op")
    press(chat, "next")
    # verslaving: skipped
    press(chat, "skip")
    # veiligheid: typed
    say(chat, "heel goed")
    press(chat, "next")
    # justitie: does not apply
    press(chat, "not_applicable")
    # meedoen: typed "slecht"
    say(chat, "slecht")
    press(chat, "next")
    # zingeving: skipped in own words
    say(chat, "sla over")
    # priorities of the two marked domains
    press(chat, "priority:lichamelijke_gezondheid")
    # goals from the wishes offered
    press(chat, "wish:geld")
    say(chat, "de schuldhulp bellen")
    say(chat, "mijn zus")
    press(chat, "wish:lichamelijke_gezondheid")
    press(chat, "skip")
    say(chat, "de huisarts")
    press(chat, "goals_done")
    # who is around
    say(chat, "mijn zus en de buurvrouw")
    # a pause, and back later
    say(chat, "ik ga later verder")
    say(chat, "hoi")
    say(chat, "schuldhulp, huisarts")
    press(chat, "count:1")
    press(chat, "no")
    press(chat, "contact:0")
    # the last questions
    press(chat, "yes")  # a message in a month
    press(chat, "no")  # no training use
    press(chat, "share")
    # a month later: the repeat measurement, each topic with last time's smiley
    say(chat, "opnieuw")
    press(chat, "rating:7")
    press(chat, "skip")
    press(chat, "domain:geld")
    say(chat, "beter, er is nu een regeling")
    press(chat, "yes")
    press(chat, "next")
    press(chat, "yes")  # look at the other domains too
    say(chat, "hetzelfde")  # werk: as last time
    press(chat, "next")
    press(chat, "skip")
    press(chat, "skip")
    press(chat, "skip")
    press(chat, "skip_rest")
    # last time's goals, one by one
    press(chat, "review:partly")
    press(chat, "review:reached")
    press(chat, "goals_none")
    press(chat, "skip_section")
    press(chat, "no")  # no message in a month
    press(chat, "no")  # no training use
    say(chat, "dank je wel")


def main() -> int:
    directory = Path(tempfile.mkdtemp(prefix="wat-telt-transcript-"))
    url = sqlite_url(directory)
    upgrade_to_latest(url)
    service = make_service(url)
    try:
        conversation(Chat(service))
    finally:
        service.database.dispose()
        shutil.rmtree(directory, ignore_errors=True)
    return report()


if __name__ == "__main__":
    raise SystemExit(main())
