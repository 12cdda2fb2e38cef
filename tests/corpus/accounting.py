"""What the model accounts for, in the census' terms: (path, line) sets read off the model's JSON.

The model side is read from the JSON contract only, so the comparison checks what users of
`graphdoc parse --format json` see, not internal structures.
"""

from __future__ import annotations

from typing import Any

Lines = set[tuple[str, int]]

# Diagnostics that stand for an example block the model could not hold.
EXAMPLE_BLOCK_CODES = frozenset({"GD240", "GD245", "GD246"})


def _add(found: Lines, item: dict[str, Any]) -> None:
    source = item["source"]
    found.add((source["path"], source["line"]))


def table_rows(model: dict[str, Any]) -> Lines:
    """Every table body row the model holds or names in a diagnostic."""
    found: Lines = set()
    for type_def in model["types"]:
        for key in ("properties", "members", "methods", "instance_annotations"):
            for item in type_def[key]:
                _add(found, item)
        for prop in type_def["properties"]:
            for value in prop["values"]:
                _add(found, value)
    for operation in model["operations"]:
        for parameter in operation["parameters"]:
            _add(found, parameter)
        for permission in operation["permissions"]:
            _add(found, permission)
        for error in operation["errors"]:
            _add(found, error)
        body = operation["request_body"]
        if body is not None:
            for prop in body["properties"]:
                _add(found, prop)
    for page in model["pages"]:
        for table in page["tables"]:
            for row in table["rows"]:
                found.add((page["path"], row["line"]))
    for diagnostic in model["diagnostics"]:
        if diagnostic.get("table_row"):
            found.add((diagnostic["path"], diagnostic["line"]))
    return found


def example_blocks(model: dict[str, Any]) -> tuple[Lines, Lines]:
    """(request fence lines, response fence lines) held as examples or named in diagnostics."""
    requests: Lines = set()
    responses: Lines = set()
    holders = [*model["operations"], *model["pages"]]
    for holder in holders:
        for example in holder["examples"]:
            _add(requests, example["request"])
            if example["response"] is not None:
                _add(responses, example["response"])
    for diagnostic in model["diagnostics"]:
        if diagnostic["code"] in EXAMPLE_BLOCK_CODES:
            place = (diagnostic["path"], diagnostic["line"])
            requests.add(place)
            responses.add(place)
    return requests, responses
