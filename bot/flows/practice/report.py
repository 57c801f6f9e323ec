"""A stored practice session as plain text for a trainer (`python -m bot practice-report ID`): what
was said, how each line was read, the persona's hidden state (trust, what opened) and the feedback."""

from typing import List, TextIO


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
        out.write(f"     read as: {turn['act'] or '-'} | {turn['form']} | domains: {domains}\n")
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
