"""`python -m bot to-story PARTICIPANT`: a stored conversation as an anonymised Rasa test story.

Every user message becomes a step with the intent the assistant understood, its text with
personal data replaced by placeholders (bot/anonymise.py) and the entities annotated; a
button press becomes its intent and entities. Every action the policy ran follows. So a
good or a failed conversation becomes training material and a regression test (`rasa test`).
Only conversations whose participant agreed to training use can be turned into a story.
"""

import json
import sys
from typing import List

import yaml

from bot.anonymise import anonymise
from bot.replay.turns import HIDDEN_ACTIONS

DEFAULT_NAME = "stored conversation"


def _annotated(text: str, entities: List[dict]) -> str:
    """The text anonymised around the entities, with the entities in Rasa's markup."""
    spans = sorted(
        (e for e in entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)), key=lambda e: e["start"]
    )
    parts, position = [], 0
    for entity in spans:
        if entity["start"] < position:
            continue  # overlapping entities: keep the first
        parts.append(anonymise(text[position : entity["start"]]))
        words = text[entity["start"] : entity["end"]]
        markup = {"entity": entity["entity"]}
        if str(entity.get("value")) != words:
            markup["value"] = str(entity.get("value"))
        parts.append(f"[{words}]{json.dumps(markup, ensure_ascii=False)}")
        position = entity["end"]
    parts.append(anonymise(text[position:]))
    return "".join(parts).strip()


def story_steps(events: List[dict]) -> List[dict]:
    steps = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            if not intent:
                continue
            text = event.get("text") or ""
            entities = [e for e in parse.get("entities") or () if e.get("extractor") != "EntitySynonymMapper"]
            if text.startswith("/"):  # a button: the payload, understood without NLU
                step = {"intent": intent}
                if entities:
                    step["entities"] = [{e["entity"]: e.get("value")} for e in entities]
            else:
                step = {"user": _annotated(text, entities), "intent": intent}
            steps.append(step)
        elif kind == "action" and event.get("name") not in HIDDEN_ACTIONS and steps:
            steps.append({"action": event["name"]})
    return steps


def to_story_yaml(events: List[dict], name: str = DEFAULT_NAME) -> str:
    document = {"version": "3.1", "stories": [{"story": name, "steps": story_steps(events)}]}
    header = "# An anonymised stored conversation (python -m bot to-story). Check it before you share it.\n"
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def to_story_command(args) -> int:
    from bot.replay.sources import NotATrainer, NoTrainingConsent, stored_events
    from bot.storage.database import create_database_engine

    try:
        events = stored_events(create_database_engine(args.database_url), args.participant)
    except (NoTrainingConsent, NotATrainer) as error:
        print(f"to-story refused: {error}", file=sys.stderr)
        return 3
    story = to_story_yaml(events, args.name or DEFAULT_NAME)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(story)
    else:
        sys.stdout.write(story)
    return 0
