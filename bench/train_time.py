"""Benchmark: wall-clock time and peak memory of `rasa train` from scratch, optionally beside the
stock moodbot in the same run.

Trains the project (config.yml, domain.yml, data/) into a temporary directory with
`--force`, so nothing in models/ is touched and every component is trained. By default the
Rasa training cache also goes to the temporary directory (RASA_CACHE_DIRECTORY), so the run
neither reads nor fills the project's `.rasa/` cache; `--project-cache` uses `.rasa/` instead.

With --nlu-change it measures the everyday case instead: one NLU example added to a copy of data/
(nothing else changed), trained without --force on the project's .rasa/ cache, which `make setup`
filled, so Rasa reuses every component the change does not touch and retrains the NLU ones.

With --with-moodbot it then trains Rasa's stock moodbot the same way (the files `rasa init
--no-prompt` writes, copied from the installed Rasa into a temporary directory; `rasa train
--force` with its own temporary cache) and measures the NLU time per message of both trained
models on the same texts (tests/dev answers and commands, each parsed once in a fresh process
after a warm-up): ours / moodbot ratios of the same run.

Prints one JSON object and appends it to bench/results/train_time.jsonl.
This is a measurement, not a test: nothing here passes or fails on a time.

Usage: .venv/bin/python bench/train_time.py [--timeout SECONDS] [--project-cache] [--nlu-change] [--with-moodbot] [--no-save]
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
from typing import List, Optional

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, append_result, git_commit, machine, now_iso

RESULT_FILE = "train_time.jsonl"
ENV = dict(
    os.environ,
    RASA_TELEMETRY_ENABLED="false",
    TF_CPP_MIN_LOG_LEVEL="2",
    SQLALCHEMY_SILENCE_UBER_WARNING="1",
    PYTHONPATH=str(ROOT),
)
TIMING_TEXTS = [ROOT / "tests" / "dev" / "answers_dev.yml", ROOT / "tests" / "dev" / "commands_dev.yml"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See docs/benchmarks.md.")
    parser.add_argument("--timeout", type=float, default=1800, help="give up after this many seconds (default 1800)")
    parser.add_argument("--project-cache", action="store_true", help="use the project's .rasa/ cache instead of a temporary one")
    parser.add_argument(
        "--nlu-change",
        action="store_true",
        help="retrain after adding one NLU example, on the project's .rasa/ cache (make setup trained it once)",
    )
    parser.add_argument(
        "--with-moodbot", action="store_true", help="also train the stock moodbot and compare NLU time per message"
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


def train(project: Path, data: str, out: Path, cache: Optional[Path], force: bool, timeout: float, log_path: Path) -> dict:
    """`rasa train` of the project in `project`; wall seconds, CPU, peak RSS, model size."""
    command = [sys.executable, "-m", "rasa", "train", "--fixed-model-name", "bench", "--out", str(out)]
    command += ["--config", "config.yml", "--domain", "domain.yml", "--data", data] + (["--force"] if force else [])
    env = dict(ENV, **({"RASA_CACHE_DIRECTORY": str(cache)} if cache else {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    timed_out = False
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            process.kill()
            returncode = process.wait()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    model = out / "bench.tar.gz"
    result = {
        "ok": returncode == 0 and not timed_out and model.exists(),
        "returncode": returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 1),
        "cpu_user_s": round(usage.ru_utime - before.ru_utime, 1),
        "cpu_system_s": round(usage.ru_stime - before.ru_stime, 1),
        # ru_maxrss is in KiB on Linux: the largest resident set of any waited-for child so far.
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "model_mb": round(model.stat().st_size / 2**20, 1) if model.exists() else None,
    }
    if not result["ok"]:
        result["log_tail"] = log_path.read_text(errors="replace")[-3000:]
    return result


def timing_texts() -> List[str]:
    texts: List[str] = []
    for path in TIMING_TEXTS:
        if path.exists():
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts += [item["text"] for key in ("answers", "commands") for item in raw.get(key, [])]
    return texts or ["hoe gaat het", "goed", "terug", "ik weet het niet"]


def nlu_time(model: Path, texts: List[str], workdir: Path, name: str) -> dict:
    """NLU milliseconds per message and peak RSS of a fresh process that loads `model` and parses `texts`."""
    texts_file, parsed_file = workdir / f"{name}.texts.json", workdir / f"{name}.parsed.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False))
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "nlu_compare.py"), "_parse", str(model), str(texts_file), str(parsed_file)],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    meta = json.loads(parsed_file.read_text())["_meta"]
    return {"messages": len(texts), **meta}


def moodbot_project(directory: Path) -> Path:
    """The files `rasa init --no-prompt` writes, copied from the installed Rasa (nothing downloaded)."""
    import rasa

    template = Path(rasa.__file__).parent / "cli" / "initial_project"
    shutil.copytree(template, directory)
    return directory


def main(argv=None) -> int:
    args = parse_args(argv)
    commit, timestamp, machine_at_start = git_commit(), now_iso(), machine()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        tmp_path = Path(tmp)
        data = str(copy_with_one_more_nlu_example(tmp_path / "data")) if args.nlu_change else "data"
        cache = None if (args.project_cache or args.nlu_change) else tmp_path / "cache"
        ours = train(ROOT, data, tmp_path / "models", cache, not args.nlu_change, args.timeout, tmp_path / "train.log")
        result = {
            "benchmark": "train_time",
            "timestamp": timestamp,
            "git_commit": commit,
            **machine_at_start,
            **ours,
            "cache": "project .rasa/" if args.project_cache or args.nlu_change else "temporary",
            "training": "after one added NLU example" if args.nlu_change else "from scratch (--force)",
        }
        if args.with_moodbot and ours["ok"]:
            moodbot_dir = moodbot_project(tmp_path / "moodbot")
            moodbot = train(
                moodbot_dir,
                "data",
                moodbot_dir / "models",
                tmp_path / "moodbot-cache",
                True,
                args.timeout,
                tmp_path / "moodbot.log",
            )
            texts = timing_texts()
            ours_nlu = nlu_time(tmp_path / "models" / "bench.tar.gz", texts, tmp_path, "ours")
            moodbot_nlu = nlu_time(moodbot_dir / "models" / "bench.tar.gz", texts, tmp_path, "moodbot") if moodbot["ok"] else {}
            result["nlu"] = ours_nlu
            result["moodbot"] = dict(moodbot, nlu=moodbot_nlu)
            if moodbot["ok"]:
                result["ratio_to_moodbot"] = {
                    "train_wall": round(ours["wall_s"] / moodbot["wall_s"], 2),
                    "nlu_ms_per_message": round(ours_nlu["ms_per_message"] / moodbot_nlu["ms_per_message"], 2),
                }
        result["loadavg_1m_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.no_save:
        print(f"appended to {append_result(RESULT_FILE, result).relative_to(ROOT)}", file=sys.stderr)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
