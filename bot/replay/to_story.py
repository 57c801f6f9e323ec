"""`python -m bot to-story PARTICIPANT`: a stored conversation as an anonymised Rasa test story.

Every user message becomes a step with the intent the assistant understood, its text with
personal data replaced by placeholders (bot/replay/anonymise.py, the whole conversation read
together: a name found anywhere is removed everywhere) and then the entities annotated; a
button press becomes its intent and entities. Every action the policy ran follows. So a
good or a failed conversation becomes training material and a regression test (`rasa test`).
Only conversations whose participant agreed to training use can be turned into a story.
"""

import json
import sys
from typing import Any, List, Sequence

import yaml

from bot.replay.anonymise import Conversation, Finding
from bot.replay.privacy import conversation_of
from bot.replay.turns import HIDDEN_ACTIONS

DEFAULT_NAME = "stored conversation"


def _replaced(text: str, findings: Sequence[Finding], start: int, end: int) -> str:
    """text[start:end] with every finding inside it replaced by its placeholder."""
    pieces, position = [], start
    for finding in findings:
        if start <= finding.start and finding.end <= end:
            pieces += [text[position : finding.start], f"<{finding.kind}>"]
            position = finding.end
    return "".join(pieces) + text[position:end]


def _annotated(text: str, entities: List[dict], conversation: Conversation) -> str:
    """The text anonymised first, then the entities annotated in Rasa's markup.

    An entity that touches personal data is widened over all of it, so the markup holds the
    placeholder and never a piece of a phone number, inside or just outside the brackets."""
    findings = conversation.findings(text)
    spans = sorted(
        (e for e in entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)), key=lambda e: e["start"]
    )
    parts, position = [], 0
    for entity in spans:
        start, end = entity["start"], entity["end"]
        touched = [f for f in findings if f.start < end and start < f.end]
        for finding in touched:
            start, end = min(start, finding.start), max(end, finding.end)
        if start < position or start >= end:
            continue  # overlapping entities: keep the first
        parts.append(_replaced(text, findings, position, start))
        words = _replaced(text, findings, start, end)
        markup = {"entity": entity["entity"]}
        value = words if touched else conversation.anonymise(str(entity.get("value")))
        if value != words:
            markup["value"] = value
        parts.append(f"[{words}]{json.dumps(markup, ensure_ascii=False)}")
        position = end
    parts.append(_replaced(text, findings, position, len(text)))
    return "".join(parts).strip()


def _value(value: Any, conversation: Conversation) -> Any:
    return conversation.anonymise(value) if isinstance(value, str) else value


def story_steps(events: List[dict]) -> List[dict]:
    conversation = conversation_of(events)
    steps: List[dict] = []
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
                step: dict = {"intent": intent}
                if entities:
                    step["entities"] = [{e["entity"]: _value(e.get("value"), conversation)} for e in entities]
            else:
                step = {"user": _annotated(text, entities, conversation), "intent": intent}
            steps.append(step)
        elif kind == "action" and event.get("name") not in HIDDEN_ACTIONS and steps:
            steps.append({"action": event["name"]})
    return steps


def to_story_yaml(events: List[dict], name: str = DEFAULT_NAME) -> str:
    document = {"version": "3.1", "stories": [{"story": name, "steps": story_steps(events)}]}
    header = "# An anonymised stored conversation (python -m bot to-story). Check it before you share it.\n"
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def to_story_command(args) -> int:
    from bot.replay.sources import NotATrainer, NoTrainingConsent, require_trainer_token, resolve_participant, stored_events
    from bot.storage.database import create_database_engine

    engine = create_database_engine(args.database_url)
    try:
        require_trainer_token()
        events = stored_events(engine, resolve_participant(engine, args.participant))
    except (NoTrainingConsent, NotATrainer) as error:
        print(f"to-story refused: {error}", file=sys.stderr)
        return 3
    except LookupError as error:
        print(f"to-story: {error}", file=sys.stderr)
        return 1
    story = to_story_yaml(events, args.name or DEFAULT_NAME)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(story)
    else:
        sys.stdout.write(story)
    return 0
