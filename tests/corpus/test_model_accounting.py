"""Over every page of both corpora, the model holds (or names) every table row and example.

The census (tests/corpus/census.py) counts rows and example blocks straight from the page
lines, independently of the reader; the model side is read from the JSON contract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphdoc.diagnostics import READER
from graphdoc.model.build import build_model
from graphdoc.model.serialize import to_json

from tests.corpus.accounting import example_blocks, table_rows
from tests.corpus.census import census_tree, corpus_roots

ROOTS = corpus_roots()
pytestmark = pytest.mark.skipif(
    not ROOTS, reason="corpus not found at ../shared/corpus; corpus tests need the shared data"
)


def _label(root: Path) -> str:
    return f"{root.parent.parent.name}/{root.name}"


@pytest.fixture(scope="module", params=ROOTS, ids=_label)
def corpus_pair(request: pytest.FixtureRequest) -> tuple[list, dict]:
    root: Path = request.param
    return census_tree(root), to_json(build_model([root]))


def test_every_table_row_is_in_the_model_or_a_diagnostic(corpus_pair: tuple[list, dict]) -> None:
    census, model = corpus_pair
    in_source = {(page.path, line) for page in census for line in page.table_rows}
    accounted = table_rows(model)
    assert len(in_source) > 10_000
    missing = sorted(in_source - accounted)
    invented = sorted(accounted - in_source)
    assert not missing, f"{len(missing)} rows lost, first: {missing[:10]}"
    assert not invented, f"{len(invented)} rows that are not table rows, first: {invented[:10]}"


def test_every_example_block_is_extracted(corpus_pair: tuple[list, dict]) -> None:
    census, model = corpus_pair
    requests, responses = example_blocks(model)
    wanted_requests = {
        (page.path, line)
        for page in census
        for line in page.annotated_requests + page.unannotated_requests
    }
    wanted_responses = {
        (page.path, line)
        for page in census
        for line in page.annotated_responses + page.unannotated_responses
    }
    assert len(wanted_requests) > 1000
    assert not sorted(wanted_requests - requests)[:10]
    assert not sorted(wanted_responses - responses)[:10]


def test_no_page_raises_and_every_page_is_listed(corpus_pair: tuple[list, dict]) -> None:
    census, model = corpus_pair
    assert [page["path"] for page in model["pages"]] == [page.path for page in census]


def test_every_diagnostic_is_registered_with_its_severity(corpus_pair: tuple[list, dict]) -> None:
    _, model = corpus_pair
    raised = {(d["code"], d["severity"]) for d in model["diagnostics"]}
    assert raised <= {(code.code, code.severity) for code in READER}
