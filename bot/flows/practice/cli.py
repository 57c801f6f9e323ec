"""`python -m bot personas check`: every persona, the practice lexicons, the team questions and the
texts of practice mode load and pass their checks (exit 1 naming the file and field that does not).
`python -m bot personas list`: a line per persona with what a trainer picks it for."""

import argparse
import sys
from typing import Optional, TextIO


def check(out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    from bot.content import ContentError, load_texts
    from bot.content.personas import load_personas_from
    from bot.flows.practice import lexicon
    from bot.flows.practice.team import team_questions

    out, err = out or sys.stdout, err or sys.stderr
    try:
        personas = load_personas_from()
        checked = lexicon.check_all()
        team_questions()
        load_texts("practice")
    except ContentError as error:
        err.write(f"personas check: {error}\n")
        return 1
    for persona in personas.values():
        facts = sum(len(persona.domains[key].facts) for key in persona.important_domains)
        traits = ", ".join(persona.traits) or "-"
        out.write(
            f"{persona.key:<12} {persona.difficulty:<9} traits {traits:<12} domains {len(persona.domains):>2} "
            f"(important {len(persona.important_domains)}, {facts} facts)  layers {len(persona.layers)}  "
            f"asks back {len(persona.ask_back)}  brings up {len(persona.initiatives)}\n"
        )
    out.write(f"ok: {len(personas)} personas, {len(checked)} lexicons, {len(team_questions().questions)} team questions\n")
    return 0


def list_personas(out: Optional[TextIO] = None) -> int:
    from bot.content.personas import load_personas_from

    out = out or sys.stdout
    for persona in load_personas_from().values():
        out.write(f"{persona.key:<12} {persona.name} ({persona.age}), {persona.difficulty}: {persona.practises}\n")
    return 0


def _run(args: argparse.Namespace) -> int:
    return list_personas() if args.action == "list" else check()


def register(commands) -> None:
    personas = commands.add_parser("personas", help="check or list the practice personas (bot/content/personas.yml)")
    personas.add_argument(
        "action", choices=("check", "list"), help="check: load and check everything of practice mode; list: a line per persona"
    )
    personas.set_defaults(run=_run)
