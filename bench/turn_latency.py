"""Benchmark: REST turn latency and throughput of the running assistant.

Starts the real action server and Rasa server (tests.integration.stack.RasaStack, as
`make run` starts them) on free loopback ports with a fresh, migrated SQLite database in a
temporary directory. Start-up (about 40 s of model loading) is reported but not part of any
latency figure. A short warm-up conversation follows, also outside the figures.

Then it runs --conversations conversations, each a whole board typed in free text:
bench/scenarios.py FREE_TEXT_BOARD (consent, life rating and why, 14 domains each with a
score and both follow-up questions, goals, the people around, the end: 60 turns), or its
first --turns turns. Every turn is one
POST to /webhooks/rest/webhook on a new connection, timed with time.perf_counter() from
sending to the parsed reply. With --concurrency C, C worker threads each run whole
conversations back to back (each conversation stays sequential), so C turns are in flight.

Reports p50/p95/p99/mean/max in ms over all turns, over turns 1-10 and over the last 10
turns of each conversation, the mean per turn number, turns/s, the resident memory (RSS) of
the Rasa server and action server (with any processes in their process groups), replies
that were not what the script expects, and ERROR/Traceback lines in the server logs.
Prints one JSON object and appends it to bench/results/turn_latency.jsonl.
This is a measurement, not a test: nothing here passes or fails on a time.

Usage: .venv/bin/python bench/turn_latency.py [--conversations 20] [--turns 30] [--concurrency 1]
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bench.common import append_result, git_commit, machine, now_iso, summarize_ms  # noqa: E402

RESULT_FILE = "turn_latency.jsonl"
# The opening is checked for content; every turn is checked for HTTP errors, empty replies
# and the "storage unavailable" message.
OPENING_EXPECTED = {0: "bewaren?", 1: "cijfer", 2: "geen"}
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|Exception|database is locked")
WINDOW = 10


def script(turns: Optional[int]) -> List[Tuple[str, Optional[str]]]:
    """(message, expected text or None) for a whole free-text board, cut at `turns`."""
    from bench.scenarios import FREE_TEXT_BOARD

    lines = [(message, OPENING_EXPECTED.get(n)) for n, message in enumerate(FREE_TEXT_BOARD)]
    return lines[:turns] if turns else lines


def texts(replies) -> str:
    return " ".join(reply.get("text") or "" for reply in replies if isinstance(reply, dict))


class Recorder:
    """Thread-safe collection of per-turn timings and of what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.turns: List[dict] = []
        self.problems: List[dict] = []

    def add(self, conversation: int, turn: int, seconds: float, ok: bool, problem: Optional[dict]) -> None:
        with self.lock:
            self.turns.append({"conversation": conversation, "turn": turn, "s": seconds, "ok": ok})
            if problem:
                self.problems.append({"conversation": conversation, "turn": turn + 1, **problem})


def timed_say(stack, sender: str, message: str):
    started = time.perf_counter()
    try:
        replies = stack.say(sender, message)
        return time.perf_counter() - started, replies, None
    except urllib.error.HTTPError as error:
        body = error.read()[:300].decode(errors="replace")
        return time.perf_counter() - started, None, f"HTTP {error.code}: {body}"
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as error:
        return time.perf_counter() - started, None, f"{type(error).__name__}: {error}"


def sender_of(run_id: str, index: int) -> str:
    return f"bench-{run_id}-{index:03d}"


def run_conversation(stack, recorder: Recorder, run_id: str, index: int, lines) -> None:
    sender = sender_of(run_id, index)
    for turn, (message, expected) in enumerate(lines):
        seconds, replies, error = timed_say(stack, sender, message)
        problem = None
        if error:
            problem = {"kind": "error", "message": message, "detail": error}
        elif not replies:
            problem = {"kind": "empty_reply", "message": message}
        elif expected and expected not in texts(replies):
            problem = {"kind": "unexpected_reply", "message": message, "expected": expected, "got": texts(replies)[:200]}
        recorder.add(index, turn, seconds, error is None, problem)


def group_rss(leader_pid: int) -> Dict[str, Optional[int]]:
    """VmRSS (MB) of every live process in the leader's process group, and the leader's VmHWM."""
    rss_kb, members, hwm_kb = 0, 0, None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgrp = int(stat[stat.rindex(")") + 2 :].split()[2])
            if pgrp != leader_pid and int(entry.name) != leader_pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss_kb += int(line.split()[1])
                    members += 1
                elif line.startswith("VmHWM:") and int(entry.name) == leader_pid:
                    hwm_kb = int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return {
        "rss_mb": round(rss_kb / 1024) if members else None,
        "processes": members,
        "leader_peak_rss_mb": round(hwm_kb / 1024) if hwm_kb is not None else None,
    }


def group_cpu_s(leader_pid: int) -> float:
    """User + system CPU seconds used so far by the live processes of the leader's process group."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == leader_pid or int(entry.name) == leader_pid:
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def servers(stack) -> list:
    """The stack's server processes: the Rasa server and, where there is one, the action server."""
    return [server for server in (stack.rasa, getattr(stack, "actions", None)) if server is not None]


def cpu(stack) -> dict:
    return {server.name: group_cpu_s(server.process.pid) for server in servers(stack)}


def memory(stack) -> dict:
    return {server.name: group_rss(server.process.pid) for server in servers(stack)}


def log_problems(stack) -> dict:
    found = {}
    for server in servers(stack):
        lines = [line for line in server.log().splitlines() if LOG_PROBLEM.search(line)]
        found[server.name] = {"lines": len(lines), "first": list(dict.fromkeys(line[:300] for line in lines))[:5]}
    return found


def summarize(recorder: Recorder, turns: int, wall: float) -> dict:
    done = [t for t in recorder.turns if t["ok"]]
    first = [t["s"] for t in done if t["turn"] < WINDOW]
    last = [t["s"] for t in done if t["turn"] >= turns - WINDOW]
    by_turn = []
    for turn in range(turns):
        values = [t["s"] for t in done if t["turn"] == turn]
        by_turn.append(round(1000 * sum(values) / len(values), 1) if values else None)
    kinds: Dict[str, int] = {}
    for problem in recorder.problems:
        kinds[problem["kind"]] = kinds.get(problem["kind"], 0) + 1
    return {
        "turns_sent": len(recorder.turns),
        "turns_ok": len(done),
        "wall_s": round(wall, 2),
        "turns_per_s": round(len(done) / wall, 2) if wall > 0 else None,
        "latency_ms": {
            "all": summarize_ms([t["s"] for t in done]),
            f"turns_1_{WINDOW}": summarize_ms(first),
            f"turns_{max(1, turns - WINDOW + 1)}_{turns}": summarize_ms(last),
        },
        "mean_ms_by_turn": by_turn,
        "problems": kinds,
        "problem_samples": recorder.problems[:10],
    }


def measure(stack, lines, conversations: int, concurrency: int, run_id: str) -> dict:
    """Run `conversations` conversations of `lines`, `concurrency` at a time; timings, CPU and problems."""
    recorder = Recorder()
    cpu_before = cpu(stack)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(run_conversation, stack, recorder, run_id, index, lines) for index in range(conversations)]
        for future in futures:
            future.result()
    wall = time.perf_counter() - started
    cpu_after = cpu(stack)
    result = summarize(recorder, len(lines), wall)
    # CPU seconds per wall second while measuring: near 1.0 means that process was the bottleneck.
    result["cpu_busy_during_run"] = {name: round((cpu_after[name] - cpu_before[name]) / wall, 2) for name in cpu_after}
    return result


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See docs/benchmarks.md.")
    parser.add_argument("--conversations", type=int, default=20, help="number of conversations (default 20)")
    parser.add_argument(
        "--turns", type=int, default=0, help="cut each board after this many turns (default 0: the whole board, 60 turns)"
    )
    parser.add_argument("--concurrency", type=int, default=1, help="conversations in flight at once (default 1: sequential)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed warm-up turns before measuring (default 3)")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgresql://postgres@127.0.0.1:5432/test",
        metavar="ADMIN_URL",
        help="use a fresh database on this PostgreSQL server (default the local one) instead of SQLite; it is dropped afterwards",
    )
    parser.add_argument("--keep-workdir", action="store_true", help="keep the temporary database and server logs")
    parser.add_argument("--no-save", action="store_true", help="print the result but do not append it to bench/results/")
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.turns < 0 or args.turns == 1 or args.concurrency < 1 or args.warmup < 0:
        parser.error("--conversations and --concurrency must be >= 1, --turns 0 (whole board) or >= 2, --warmup >= 0")
    return args


def database_size(database_url: str) -> dict:
    """Bytes on disk (the SQLite file with its write-ahead log, or pg_database_size), completed boards, Rasa events."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                path = Path(database_url.split("sqlite:///", 1)[1])
                size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
            else:
                size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
            completed = connection.execute(text("SELECT COUNT(*) FROM measurements WHERE completed_at IS NOT NULL")).scalar()
            has_events = inspect(connection).has_table("events")
            events = connection.execute(text("SELECT COUNT(*) FROM events")).scalar() if has_events else 0
    finally:
        engine.dispose()
    return {"bytes": size, "completed_boards": completed, "rasa_events": events}


@contextlib.contextmanager
def bench_database(workdir: Path, postgres_admin_url: Optional[str]):
    """A fresh, migrated database: a SQLite file in workdir, or a new PostgreSQL database dropped afterwards."""
    from bot.storage.migrate import upgrade_to_latest
    from tests.conftest import fresh_postgres_database, sqlite_url

    if postgres_admin_url:
        with fresh_postgres_database(postgres_admin_url) as url:
            yield url, "postgresql (fresh database, dropped afterwards)"
    else:
        url = sqlite_url(workdir)
        upgrade_to_latest(url)
        yield url, "sqlite (temporary file)"


def main(argv=None) -> int:
    args = parse_args(argv)
    from tests.integration.stack import MODEL, RasaStack

    if not MODEL.exists():
        print(f"{MODEL} is missing: run `make setup` first", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="bench-turns-"))
    with bench_database(workdir, args.postgres) as (database_url, database_kind):
        return run(args, workdir, database_url, database_kind, RasaStack)


def run(args, workdir: Path, database_url: str, database_kind: str, stack_class) -> int:
    run_id = uuid.uuid4().hex[:8]
    result = {
        "benchmark": "turn_latency",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "conversations": args.conversations,
        "turns": args.turns or "whole board",
        "concurrency": args.concurrency,
        "database_kind": database_kind,
    }
    stack = stack_class(workdir, database_url)
    keep = args.keep_workdir
    try:
        started = time.perf_counter()
        stack.start()
        result["startup_s"] = round(time.perf_counter() - started, 1)
        result["memory_after_start"] = memory(stack)

        warmup = []
        for message, _ in script(max(args.warmup, 2))[: args.warmup]:
            seconds, _, error = timed_say(stack, f"bench-{run_id}-warmup", message)
            warmup.append(round(seconds * 1000, 1) if error is None else error)
        result["warmup_ms"] = warmup

        lines = script(args.turns)
        size_before = database_size(database_url)
        result.update(measure(stack, lines, args.conversations, args.concurrency, run_id))
        result["memory_at_end"] = memory(stack)
        stored = [stack.tracker_event_count(f"rest:{sender_of(run_id, index)}") for index in range(args.conversations)]
        result["transcript_events_per_user_turn"] = round(sum(stored) / (len(stored) * len(lines)), 2)
        result["database"] = dict(database_size(database_url), before_run_bytes=size_before["bytes"])
        completed = result["database"]["completed_boards"] - size_before["completed_boards"]
        if completed:
            result["database"]["bytes_per_completed_board"] = round(
                (result["database"]["bytes"] - size_before["bytes"]) / completed
            )
        result["rasa_exited_early"] = stack.rasa.process.poll() is not None
        result["actions_exited_early"] = stack.actions.process.poll() is not None
    except BaseException as error:
        result["failed"] = f"{type(error).__name__}: {str(error)[:3000]}"
        keep = True
        raise
    finally:
        stack.stop()
        result["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
        result["log_problems"] = log_problems(stack)
        if any(found["lines"] for found in result["log_problems"].values()) or result.get("problems"):
            keep = True
        if keep:
            result["workdir"] = str(workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        print(json.dumps(result, ensure_ascii=False, indent=2))
        if not args.no_save:
            print(f"appended to {append_result(RESULT_FILE, result).relative_to(ROOT)}", file=sys.stderr)
    return 0 if result["turns_ok"] == result["turns_sent"] and not result["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
