"""The black-formatted v1.0 package stays byte-identical: every file's hash is compared with
`fingerprints/v1.0-formatted.json`, first recorded from a tree generated before templates
took over the layout (`python -m tests.emit.fingerprints.record_formatted` re-records).

The unformatted output may change with the templates' layout; what users get, the
formatted package, may not. Formatting v1.0 is the one black run over a whole version the
suite pays for (about 1,800 modules; black's cache does not help a fresh CI machine), so
ruff checks the formatted package here too: the models with the project's rules, the whole
package with ruff's own defaults (what a user's plain `ruff check` runs).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from graphdoc.emit.build import build_files
from graphdoc.model.build import build_model

from tests.emit.fingerprints.record_formatted import RECORD
from tests.emit.support import CORPUS, ruff_check, ruff_defaults, write_files

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}"),
]


def test_formatted_v1_output_matches_recorded_fingerprint(tmp_path: Path) -> None:
    recorded: dict[str, str] = json.loads(RECORD.read_text())
    model = build_model([CORPUS / "v1.0"])
    files, _ = build_files(model, "graph_beta", format=True, specs=())
    found = {
        path: hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for path, text in files.items()
    }
    both = found.keys() & recorded.keys()
    changed = sorted(path for path in both if found[path] != recorded[path])
    assert not changed, f"{len(changed)} files changed, first: {changed[:10]}"
    assert sorted(found.keys() - recorded.keys()) == []
    assert sorted(recorded.keys() - found.keys()) == []
    # What users get passes ruff as generated code must (line length, import order).
    write_files(tmp_path / "graph_beta", files)
    linted = ruff_check(tmp_path, ["graph_beta/models", "graph_beta/__init__.py"])
    assert linted.returncode == 0, linted.stdout[-5000:] + linted.stderr
    # The whole package (clients, parameters, tests, runtime) as a user's `ruff check`
    # sees it: ruff's own default rules.
    plain = ruff_defaults(tmp_path, ["graph_beta"])
    assert plain.returncode == 0, plain.stdout[-5000:] + plain.stderr
