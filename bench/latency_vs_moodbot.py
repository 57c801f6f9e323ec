"""Our turn latency as a ratio to Rasa's stock moodbot (`rasa init`), measured in one run on one machine.

    .venv/bin/python bench/latency_vs_moodbot.py                      # ~10 min (moodbot trained once, cached)
    .venv/bin/python bench/latency_vs_moodbot.py --conversations 10 --concurrency 20

The moodbot is the floor: `rasa init --no-prompt` (its model cached in build/moodbot, trained
with the same Rasa), served by `rasa run` with its own credentials (REST) and endpoints (no
action server, trackers in memory). Ours is the assistant as `make run` starts it: the Rasa server,
the action server and a fresh SQLite database (bench/turn_latency.py's stack).

Both get the same load, one system after the other: --conversations conversations of --turns
turns each over POST /webhooks/rest/webhook, first one at a time, then --concurrency at once.
Ours types a whole board in free text (bench/scenarios.py); the moodbot cycles through
its own small talk. Reported: p50/p95/p99/mean and turns/s of each, and ours divided by the
moodbot's (latency ratio > 1: slower than the floor; throughput ratio < 1: fewer turns/s).
Appends to bench/results/latency_vs_moodbot.jsonl.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402
from bench.turn_latency import bench_database, log_problems, measure, memory, script  # noqa: E402

MOODBOT_DIR = ROOT / "build" / "moodbot"
MOODBOT_TALK = ["hello", "I am sad", "yes", "hi", "I am feeling very good", "bye", "good morning", "not good", "no", "goodbye"]
ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")


def moodbot_model() -> Path:
    """The moodbot's trained model, from `rasa init --no-prompt` (run once, then reused)."""
    models = sorted((MOODBOT_DIR / "models").glob("*.tar.gz"))
    if not models:
        shutil.rmtree(MOODBOT_DIR, ignore_errors=True)
        MOODBOT_DIR.mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(MOODBOT_DIR)],
            cwd=MOODBOT_DIR,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        models = sorted((MOODBOT_DIR / "models").glob("*.tar.gz"))
    return models[-1]


def moodbot_stack_class(model: Path):
    from tests.integration.stack import RasaStack, ServerProcess, free_port

    class MoodbotStack(RasaStack):
        """`rasa run` of the moodbot alone, on a free loopback port."""

        def __init__(self, workdir: Path, database_url=None):
            workdir.mkdir(parents=True, exist_ok=True)
            self.workdir, self.database_url, self.rasa_port, self.actions = workdir, None, free_port(), None
            self.rasa = ServerProcess(
                "rasa",
                [
                    sys.executable,
                    "-m",
                    "rasa",
                    "run",
                    "--model",
                    str(model),
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    str(self.rasa_port),
                    "--credentials",
                    str(MOODBOT_DIR / "credentials.yml"),
                    "--endpoints",
                    str(MOODBOT_DIR / "endpoints.yml"),
                ],
                ENV,
                workdir / "moodbot.log",
            )

        def start(self):
            self.start_rasa()
            return self

        def stop(self):
            self.rasa.stop()

    return MoodbotStack


def measure_system(name: str, stack, lines, args) -> dict:
    run_id = uuid.uuid4().hex[:8]
    result = {}
    try:
        started = time.perf_counter()
        stack.start()
        result["startup_s"] = round(time.perf_counter() - started, 1)
        for message, _ in lines[:3]:
            stack.say(f"bench-{run_id}-warmup", message)
        result["sequential"] = measure(stack, lines, args.conversations, 1, f"{run_id}s")
        result["concurrent"] = measure(stack, lines, args.conversations, args.concurrency, f"{run_id}c")
        result["memory_at_end"] = memory(stack)
    finally:
        stack.stop()
        result["log_problems"] = log_problems(stack)
    print(f"{name}: done", file=sys.stderr, flush=True)
    return result


def ratios(ours: dict, floor: dict) -> dict:
    figures = {}
    for phase in ("sequential", "concurrent"):
        mine, theirs = ours[phase], floor[phase]
        figures[phase] = {
            key: round(mine["latency_ms"]["all"][key] / theirs["latency_ms"]["all"][key], 2)
            for key in ("p50", "p95", "p99", "mean")
        }
        figures[phase]["turns_per_s"] = round(mine["turns_per_s"] / theirs["turns_per_s"], 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=0, help="turns per conversation (default 0: a whole board, 36)")
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    from tests.integration.stack import RasaStack

    lines = script(args.turns)
    talk = [(MOODBOT_TALK[n % len(MOODBOT_TALK)], None) for n in range(len(lines))]
    model = moodbot_model()
    workdir = Path(tempfile.mkdtemp(prefix="bench-moodbot-"))
    result = {
        "benchmark": "latency_vs_moodbot",
        "timestamp": now_iso(),
        "git_commit": git_commit(),
        **machine(),
        "conversations": args.conversations,
        "turns_per_conversation": len(lines),
        "concurrency": args.concurrency,
    }
    try:
        result["moodbot"] = measure_system("moodbot", moodbot_stack_class(model)(workdir / "moodbot"), talk, args)
        with bench_database(workdir, None) as (database_url, _):
            result["ours"] = measure_system("ours", RasaStack(workdir / "ours", database_url), lines, args)
        result["ours_divided_by_moodbot"] = ratios(result["ours"], result["moodbot"])
    finally:
        result["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
        print(json.dumps(result, ensure_ascii=False, indent=2))
        append_result("latency_vs_moodbot.jsonl", result)
        shutil.rmtree(workdir, ignore_errors=True)
    problems = [result[name][phase]["problems"] for name in ("moodbot", "ours") for phase in ("sequential", "concurrent")]
    return 0 if not any(problems) else 1


if __name__ == "__main__":
    sys.exit(main())
