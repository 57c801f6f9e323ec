"""NLU quality of the trained model (models/wat-telt.tar.gz) with Rasa's own evaluation: the old
resident held-out intents (tests/nlu/holdout.yml), optionally Rasa's K-fold cross-validation of
config.yml on data/nlu, and the blind held-out answers through the scale reader with this model's
intents as the second opinion (bench/answers_heldout.py --with-nlu; aggregate figures only).

    .venv/bin/python bench/nlu_quality.py                    # held-out sets (~2 min)
    .venv/bin/python bench/nlu_quality.py --folds 3          # + Rasa's 3-fold cross-validation

For several pipelines side by side on the same folds use bench/nlu_compare.py.
Results are printed as JSON and appended to bench/results/nlu_quality.jsonl.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import append_result, git_commit, machine, now_iso  # noqa: E402

MODEL = ROOT / "models" / "wat-telt.tar.gz"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
ENV = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))


def rasa(*args) -> None:
    subprocess.run(
        [sys.executable, "-m", "rasa", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def intent_figures(report_dir: Path) -> dict:
    report = json.loads((report_dir / "intent_report.json").read_text())
    per_intent = {
        name: round(v["f1-score"], 3)
        for name, v in report.items()
        if isinstance(v, dict) and "support" in v and name not in ("macro avg", "weighted avg", "micro avg")
    }
    return {
        "accuracy": round(report["accuracy"], 4),
        "macro_f1": round(report["macro avg"]["f1-score"], 4),
        "weighted_f1": round(report["weighted avg"]["f1-score"], 4),
        "weakest_intents": dict(sorted(per_intent.items(), key=lambda item: item[1])[:6]),
    }


def answers_with_the_model() -> dict:
    import yaml

    from bench.answers_heldout import SETS, evaluate, nlu_parser

    answers = yaml.safe_load(SETS["heldout"].read_text(encoding="utf-8"))["answers"]
    figures = evaluate(answers, nlu_parser(str(MODEL)))
    figures.pop("_rows")
    return {key: figures[key] for key in ("answers", "outcomes", "rates")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=0, help="also run Rasa's k-fold cross-validation on data/nlu (0 = skip)")
    args = parser.parse_args()
    if not MODEL.exists():
        sys.exit(f"{MODEL} missing: run `make setup` first")
    result: dict = {"timestamp": now_iso(), "commit": git_commit(), "machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        rasa("test", "nlu", "--model", str(MODEL), "--nlu", str(HOLDOUT), "--out", f"{tmp}/holdout")
        result["old_resident_holdout"] = intent_figures(Path(tmp) / "holdout")
        if args.folds:
            started = time.monotonic()
            rasa(
                "test",
                "nlu",
                "--nlu",
                "data/nlu",
                "--config",
                "config.yml",
                "--cross-validation",
                "--folds",
                str(args.folds),
                "--out",
                f"{tmp}/cv",
            )
            result["cross_validation"] = dict(
                intent_figures(Path(tmp) / "cv"), folds=args.folds, seconds=round(time.monotonic() - started)
            )
    result["answers_heldout_with_nlu"] = answers_with_the_model()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    append_result("nlu_quality.jsonl", result)


if __name__ == "__main__":
    main()
