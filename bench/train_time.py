"""Benchmark: wall-clock time and peak memory of `rasa train` from scratch.

Trains the project (config.yml, domain.yml, data/) into a temporary directory with
`--force`, so nothing in models/ is touched and every component is trained. By default the
Rasa training cache also goes to the temporary directory (RASA_CACHE_DIRECTORY), so the run
neither reads nor fills the project's `.rasa/` cache; `--project-cache` uses `.rasa/` instead.

With --nlu-change it measures the everyday case instead: one NLU example added to a copy of data/
(nothing else changed), trained without --force on the project's .rasa/ cache, which `make setup`
filled, so Rasa reuses every component the change does not touch and retrains the NLU ones.

Prints one JSON object and appends it to bench/results/train_time.jsonl.
This is a measurement, not a test: nothing here passes or fails on a time.

Usage: .venv/bin/python bench/train_time.py [--timeout SECONDS] [--project-cache] [--nlu-change] [--no-save]
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, append_result, git_commit, machine, now_iso

RESULT_FILE = "train_time.jsonl"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See docs/benchmarks.md.")
    parser.add_argument("--timeout", type=float, default=1800, help="give up after this many seconds (default 1800)")
    parser.add_argument("--project-cache", action="store_true", help="use the project's .rasa/ cache instead of a temporary one")
    parser.add_argument(
        "--nlu-change",
        action="store_true",
        help="retrain after adding one NLU example, on the project's .rasa/ cache (make setup trained it once)",
    )
    parser.add_argument("--no-save", action="store_true", help="print the result but do not append it to bench/results/")
    return parser.parse_args(argv)


def copy_with_one_more_nlu_example(data: Path) -> Path:
    """A copy of data/ whose first intent in data/nlu/basics.yml has one example more."""
    shutil.copytree(ROOT / "data", data)
    basics = data / "nlu" / "basics.yml"
    text = basics.read_text(encoding="utf-8")
    marker = "  examples: |\n"
    basics.write_text(text.replace(marker, marker + f"    - een nieuw voorbeeld {time.time_ns()}\n", 1), encoding="utf-8")
    return data


def main(argv=None) -> int:
    args = parse_args(argv)
    commit, timestamp, machine_at_start = git_commit(), now_iso(), machine()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        out = Path(tmp) / "models"
        data = copy_with_one_more_nlu_example(Path(tmp) / "data") if args.nlu_change else "data"
        command = [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--fixed-model-name",
            "bench",
            "--out",
            str(out),
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            str(data),
        ] + ([] if args.nlu_change else ["--force"])
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
        if not (args.project_cache or args.nlu_change):
            env["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")
        log_path = Path(tmp) / "train.log"
        started = time.perf_counter()
        timed_out = False
        with log_path.open("wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                returncode = process.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                process.kill()
                returncode = process.wait()
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        model = out / "bench.tar.gz"
        result = {
            "benchmark": "train_time",
            "timestamp": timestamp,
            "git_commit": commit,
            **machine_at_start,
            "loadavg_1m_end": round(os.getloadavg()[0], 2),
            "ok": returncode == 0 and not timed_out and model.exists(),
            "returncode": returncode,
            "timed_out": timed_out,
            "wall_s": round(wall, 1),
            "cpu_user_s": round(usage.ru_utime, 1),
            "cpu_system_s": round(usage.ru_stime, 1),
            # ru_maxrss is in KiB on Linux: the largest resident set of any waited-for child.
            "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "model_mb": round(model.stat().st_size / 2**20, 1) if model.exists() else None,
            "cache": "project .rasa/" if args.project_cache or args.nlu_change else "temporary",
            "training": "after one added NLU example" if args.nlu_change else "from scratch (--force)",
        }
        if not result["ok"]:
            result["log_tail"] = log_path.read_text(errors="replace")[-3000:]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_save:
        print(f"appended to {append_result(RESULT_FILE, result).relative_to(ROOT)}", file=sys.stderr)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
