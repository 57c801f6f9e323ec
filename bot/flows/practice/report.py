"""A stored practice session as plain text for a trainer (`python -m bot practice-report ID`): what
was said, how each line was read, the persona's hidden state (trust, what opened) and the feedback."""

from typing import List, Optional, TextIO


def print_session_list(sessions: List[dict], out: TextIO) -> int:
    if not sessions:
        out.write("no stored practice sessions\n")
        return 0
    out.write(f"{'id':>5}  {'persona':<12} {'turns':>5}  {'ended':<5}  started (UTC)             participant\n")
    for s in sessions:
        out.write(
            f"{s['id']:>5}  {s['persona']:<12} {s['turns']:>5}  {'yes' if s['ended'] else 'no':<5}  {s['started_at']:<26}{s['participant']}\n"
        )
    return 0


def print_report(report: dict, out: TextIO) -> int:
    out.write(f"Practice session {report['id']} with {report['persona']} (worker {report['participant']})\n")
    out.write(f"started {report['started_at']}, ended {report['ended_at'] or '(not ended)'}\n\n")
    for turn in report["turns"]:
        domains = ", ".join(turn["domains"]) or "-"
        out.write(f"{turn['position']:>3}. worker: {turn['worker']}\n")
        out.write(f"     understood: {turn['act'] or 'not understood'} | {turn['form']} question | domains: {domains}\n")
        out.write(f"     persona: {turn['reply']}\n")
        if turn.get("trust") is not None:
            happened = ", ".join(turn.get("events") or ()) or "-"
            verdict = f" | verdict: {turn['verdict']}" if turn.get("verdict") else ""
            out.write(f"     hidden: trust {turn['trust']}{verdict} | {happened}\n")
    feedback = report.get("feedback")
    out.write("\nFeedback:\n" if feedback else "\nNo feedback yet: the session was not ended with /feedback.\n")
    if feedback and feedback.get("goals"):
        out.write("goals: " + ", ".join(f"{goal} {score}/5" for goal, score in feedback["goals"].items()) + "\n")
    for message in (feedback or {}).get("messages", ()):
        out.write(f"{message}\n")
    return 0


EVENT_LABELS = {
    "closed_down": "klapte dicht",
    "still_closed": "bleef dicht",
    "reopened": "ging weer open",
    "corrected": "zette het recht",
    "heard": "voelde zich gehoord",
    "agreed_fast": "zei ja zonder het te begrijpen",
    "revealed_misunderstanding": "zei dat het niet duidelijk was",
    "checked_understanding": "begrip gecheckt",
    "confused": "begreep het niet",
    "too_long": "te lang",
    "jargon": "vaktaal",
    "led": "sturende vraag",
    "ignored_their_question": "vraag van de inwoner genegeerd",
    "answered_their_question": "vraag van de inwoner beantwoord",
    "asked_confidentiality": "vroeg wat er met het verhaal gebeurt",
    "conflict_told": "vertelde over de tegenstrijdige opdrachten",
    "regie": "zei wie er beslist",
    "wish": "vertelde wat hij of zij wil",
    "strength": "vertelde wat hij of zij kan",
    "broad": "brede vraag",
    "about_self": "vraag over de naaste zelf",
    "about_other": "vraag over de ander",
    "asked_safety": "vraag naar veiligheid",
    "closing_agreement": "afspraak",
}
EVENT_PREFIXES = {
    "opened": "vertelde iets wat eronder zat",
    "signal": "liet een signaal zien",
    "signal_followed": "signaal opgepakt",
    "asked_back": "vroeg iets terug",
    "initiative": "bracht zelf iets in",
    "confidentiality": "antwoord op de vertrouwensvraag",
    "broad_opened": "brede vraag opende",
}
VERDICT_LABELS = {
    "right_feeling": "reflectie raakte het gevoel",
    "right": "reflectie klopte",
    "wrong": "reflectie klopte niet",
    "not_said": "reflectie op iets wat niet gezegd was",
    "vague": "reflectie bleef vaag",
    "good": "samenvatting klopte",
    "partial": "samenvatting klopte deels",
    "thin": "samenvatting was dun",
}


LAYER_KINDS = {"fear": "angst", "wish": "wens", "secret": "geheim", "signal": "signaal", "need": "behoefte"}
LAYER_QUOTE = 80


def hidden_rows(turns: List[dict], persona_key: Optional[str] = None) -> List[List[tuple]]:
    """Per stored turn what a trainer sees of the persona's hidden state: trust, how a reflection
    was judged, and what happened (in Dutch; the reading details stay for the bot builders)."""
    persona = _persona(persona_key)
    rows, before = [], None
    for turn in turns:
        found = []
        trust = turn.get("trust")
        if trust is not None:
            change = "" if before is None or before == trust else f" ({'+' if trust > before else ''}{trust - before})"
            found.append(("vertrouwen", f"{trust}{change}"))
            before = trust
        if turn.get("verdict"):
            found.append(("oordeel", VERDICT_LABELS.get(turn["verdict"], turn["verdict"])))
        for event in turn.get("events") or ():
            name, _, detail = event.partition(":")
            if name in EVENT_LABELS:
                found.append(("gebeurde", EVENT_LABELS[name]))
            elif name == "opened" and persona is not None and persona.layer(detail):
                layer = persona.layer(detail)
                text = layer.text if len(layer.text) <= LAYER_QUOTE else layer.text[: LAYER_QUOTE - 1] + "…"
                found.append(("opende", f"{LAYER_KINDS.get(layer.kind, layer.kind)}: {text}"))
            elif name in EVENT_PREFIXES:
                found.append(("gebeurde", f"{EVENT_PREFIXES[name]}: {detail.split(':')[0]}" if detail else EVENT_PREFIXES[name]))
        rows.append(found)
    return rows


def _persona(key: Optional[str]):
    if not key:
        return None
    try:
        from bot.content.personas import load_personas

        return load_personas().get(key)
    except Exception:  # a broken persona file: the hidden state is shown without the layers' words
        return None
