"""`fields.replace` copies as `dataclasses.replace` does, for the model's items and others."""

from __future__ import annotations

import dataclasses

import pytest
from graphdoc.model.fields import by_position, replace
from graphdoc.model.types import Property, Source


def _property() -> Property:
    return Property(
        "displayName", "Edm.String", False, False, None, False, False, "The name.",
        Source("resources/user.md", 12),
    )


def test_replace_matches_dataclasses_replace() -> None:
    prop = _property()
    changed = replace(prop, type="microsoft.graph.user", collection=True)
    assert changed == dataclasses.replace(prop, type="microsoft.graph.user", collection=True)
    assert changed is not prop and prop.type == "Edm.String"
    assert replace(prop) == prop


def test_replace_refuses_a_field_the_class_lacks() -> None:
    with pytest.raises(TypeError, match="no field 'kind'"):
        replace(_property(), kind="entity")


@dataclasses.dataclass
class _Counted:
    name: str
    count: int = dataclasses.field(init=False, default=0)


def test_a_class_not_built_from_all_its_fields_falls_back() -> None:
    assert by_position(_Counted) is None
    assert replace(_Counted("a"), name="b") == _Counted("b")
