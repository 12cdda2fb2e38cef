"""Record the hash of every file generated (unformatted) from the 2021 corpus, per version.

`python -m tests.emit.fingerprints.record` rewrites `v1.0.json` and `beta.json`; the test in
`tests/emit/test_generate_corpus.py` compares each run against them, so a refactor that
changes one byte of output is caught, and a deliberate change is recorded in its own commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fingerprint(files: dict[str, str]) -> dict[str, str]:
    """Each file's path and the first 16 hex digits of its SHA-256."""
    return {
        path: hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for path, text in sorted(files.items())
    }


def load_fingerprint(version: str) -> dict[str, str]:
    recorded: dict[str, str] = json.loads((HERE / f"{version}.json").read_text())
    return recorded


def main() -> None:
    from graphdoc.emit.build import build_files
    from graphdoc.emit.generate import package_name
    from graphdoc.model.build import build_model

    from tests.emit.support import CORPUS

    for version in ("v1.0", "beta"):
        model = build_model([CORPUS / version])
        files, _ = build_files(model, package_name(model, [CORPUS / version]), format=False)
        text = json.dumps(fingerprint(files), indent=0, sort_keys=True) + "\n"
        (HERE / f"{version}.json").write_text(text)
        print(f"{version}: {len(files)} files recorded")


if __name__ == "__main__":
    main()
