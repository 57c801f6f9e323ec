"""Show a replay in the terminal: rich panels (large and coloured) or --plain lines for logs."""

import time
from typing import Callable, Optional, TextIO

from bot.replay.sources import Replay
from bot.replay.turns import ReplayTurn


def _confidence(value: Optional[float]) -> str:
    return f" ({value:.2f})" if value is not None else ""


def turn_lines(turn: ReplayTurn) -> list:
    """(label, text) pairs of one turn, in the order a trainer reads them."""
    lines = [("user", turn.user or "(empty)")]
    if turn.intent:
        understood = f"{turn.intent[0]}{_confidence(turn.intent[1])}"
        if turn.runner_up:
            understood += f"; runner-up {turn.runner_up[0]}{_confidence(turn.runner_up[1])}"
        if turn.expected_intent and not turn.understood_as(turn.expected_intent):
            understood += f"; the story expects {turn.expected_intent}"
        lines.append(("intent", understood))
    if turn.reading:
        lines.append(("reading", ", ".join(turn.reading)))
    if turn.entities:
        lines.append(("entities", ", ".join(f"{name}={value}" for name, value in turn.entities)))
    for name, change in turn.slots:
        lines.append(("slot", f"{name}: {change}"))
    for action, policy, confidence in turn.actions:
        lines.append(("action", f"{action} by {policy}{_confidence(confidence)}"))
    for reply in turn.replies:
        lines.append(("reply", reply))
    for name, value in turn.hidden:  # practice: the persona's hidden state
        lines.append(("persona", f"{name}: {value}"))
    return lines


def render_plain(replay: Replay, out: TextIO) -> None:
    out.write(f"== {replay.title} ({len(replay.turns)} turns)\n")
    for turn in replay.turns:
        out.write(f"-- turn {turn.number}\n")
        for label, text in turn_lines(turn):
            out.write(f"{label:>8}: {text}\n")
    if replay.feedback:
        out.write("-- feedback\n" + "".join(f"{line}\n" for line in replay.feedback))


STYLES = {
    "user": "bold cyan",
    "intent": "yellow",
    "reading": "yellow",
    "entities": "yellow",
    "slot": "magenta",
    "action": "green",
    "reply": "bold white",
    "persona": "blue",
}


def render_rich(replay: Replay, step: Callable[[], bool], delay: Optional[float] = None, console=None) -> None:
    """One panel per turn; `step()` waits for a key press (False: stop), or `delay` seconds pass."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    console = console or Console()
    console.rule(f"[bold]{replay.title}[/bold] - {len(replay.turns)} turns")
    for turn in replay.turns:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="dim")
        table.add_column()
        for label, text in turn_lines(turn):
            table.add_row(label, f"[{STYLES[label]}]{_escape(text)}[/]")
        console.print(Panel(table, title=f"turn {turn.number} of {len(replay.turns)}", title_align="left"))
        if delay is not None:
            time.sleep(delay)
        elif not step():
            return
    if replay.feedback:
        console.print(Panel("\n".join(_escape(line) for line in replay.feedback), title="feedback", title_align="left"))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def wait_for_key(prompt: str = "Enter: next turn, q: stop ") -> bool:
    try:
        return input(prompt).strip().lower() != "q"
    except EOFError:
        return False
