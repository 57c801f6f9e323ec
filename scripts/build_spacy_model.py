"""Build the blank Dutch spaCy pipeline that Rasa's SpacyNLP loads as its model.

Offline by design: a blank `nl` pipeline plus the lookup lemmatizer, whose tables come
from the installed spacy-lookups-data package. Nothing is downloaded.
Usage: python scripts/build_spacy_model.py OUTPUT_DIR
"""

import json
import sys
from pathlib import Path

import spacy
import spacy_lookups_data

BUILD_ID = {"spacy": spacy.__version__, "lookups": spacy_lookups_data.__version__, "pipes": ["lemmatizer:lookup"]}


def main(output_dir: Path) -> None:
    stamp = output_dir / "build-id.json"
    if stamp.exists() and json.loads(stamp.read_text()) == BUILD_ID:
        return
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    stamp.write_text(json.dumps(BUILD_ID))
    print(f"setup: built blank Dutch spaCy pipeline in {output_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
