"""Record the hash of every file of the black-formatted v1.0 package, from a generated tree.

`python -m tests.emit.fingerprints.record_formatted <output>/<package>` writes
`v1.0-formatted.json` (path relative to the package folder → first 16 hex digits of the
SHA-256 of its bytes); `tests/emit/test_formatted_fingerprint.py` compares a fresh
formatted generation with it. The package is generated as `graph_beta` (the project's
configured name) with no spec folder recorded, as `graphdoc generate <corpus>/v1.0 -o
<folder outside the project>` writes it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECORD = HERE / "v1.0-formatted.json"
# What `generate` writes beside the rendered package (`build_files` does not make them): the
# manifest, the record, whose fingerprint moves with any change to the generator's code, and
# the release files, made from what the previous generation left (`graphdoc.emit.release`).
_NOT_OUTPUT = {".graphdoc-manifest", ".graphdoc/record.json", "pyproject.toml", "CHANGELOG.md"}


def tree_fingerprint(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.relative_to(root).as_posix() not in _NOT_OUTPUT
        and "__pycache__" not in path.parts
    }


def main() -> None:
    found = tree_fingerprint(Path(sys.argv[1]))
    RECORD.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    print(f"{len(found)} files recorded")


if __name__ == "__main__":
    main()
