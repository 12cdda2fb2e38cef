"""The 2021 v1.0 corpus: the client and the example tests generate, the client imports and
passes `mypy --strict`, and the example tests run against `graphdoc serve` with no
generator bug; every failure is a named page defect (docs/example-tests-report.md lists
them, written by bench/example_tests_report.py, which this test drives).

The JSON pass rate is asserted against issue 4's target, 95 % (measured: 95.5 %); the rest
are page defects the mock cannot serve around (example URLs that no documented path
matches, above all), see the report.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.emit.support import ROOT, imported

BENCH = ROOT / "bench" / "example_tests_report.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_tests_report", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


REPORT = _bench()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REPORT.CORPUS.is_dir(), reason=f"corpus not found at {REPORT.CORPUS}"),
]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    folder = tmp_path_factory.mktemp("v1_examples")
    yield REPORT.run("v1.0", keep=folder, mypy=True), folder


def test_client_generates_imports_and_type_checks(corpus_run: tuple[Any, Path]) -> None:
    result, folder = corpus_run
    assert result.mypy.startswith("Success: no issues found"), result.mypy
    assert result.methods >= result.operations > 1600  # those defining a request
    with imported(folder, "graph_v1"):
        client = importlib.import_module("graph_v1.client")
        graph = client.GraphClient(lambda: "token")
        messages = graph.users.by_id("adele@contoso.com").messages
        assert messages.url_path == "/users/adele%40contoso.com/messages"
        assert callable(messages.list) and callable(graph.me.messages.by_id("m").reply)
        assert callable(graph.drives.by_id("d").items.by_id("i").content.get)
        assert callable(graph.reports.get_teams_device_usage_distribution_user_counts)
        assert client.DEFAULT_BASE_URL == "https://graph.microsoft.com/v1.0"
        graph.close()


def test_example_tests_run_and_fail_only_on_page_defects(corpus_run: tuple[Any, Path]) -> None:
    result, _ = corpus_run
    json_pairs = result.json_outcomes
    print("\n" + "\n".join(REPORT.summary(result)))
    assert len(result.outcomes) > 2000 and len(json_pairs) > 1800
    assert not result.bugs, [(o.function, o.kind, o.message[:200]) for o in result.bugs[:10]]
    assert result.json_pass_rate >= REPORT.MIN_JSON_PASS_RATE
    placeholders = [o for o in result.outcomes if o.case.get("placeholders")]
    assert placeholders and sum(o.passed for o in placeholders) / len(placeholders) > 0.8


def test_examples_in_another_spelling_pass_with_a_remark(corpus_run: tuple[Any, Path]) -> None:
    """Example URLs Graph addresses alike (`/me/drive/root/children` on a page documenting
    `/me/drive/items/{item-id}/children`) and syntax blocks writing literal ids where a
    placeholder belongs pass, and say how they were read."""
    result, _ = corpus_run
    by_function = {o.function: o for o in result.outcomes}
    expected = {
        "test_driveitem_list_children_1": "is sent as `/me/drive/items/root/children`",
        "test_workbook_list_comments_1": "is sent as `/me/drive/items/{id}/workbook/comments`",
        "test_educationassignment_delete_1": "writes the id `acdefc6b-",
    }
    for function, remark in expected.items():
        outcome = by_function[function]
        assert outcome.passed, (function, outcome.kind, outcome.message[:300])
        assert any(remark in note for note in outcome.notes), (function, outcome.notes)
