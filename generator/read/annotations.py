"""`<!-- { "blockType": ... } -->` annotations, read leniently.

ApiDoctor reads them with Newtonsoft.Json, which forgives trailing commas, unquoted keys
and comments, so the corpus has all of those, plus raw newlines in strings and a
`// comment` after the object. Values drift in type too (`"truncated": "true"`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import lenient_json
from .blocks import Comment
from .lenient_json import PlacedJson

BLOCK_TYPES = frozenset(
    {
        "request",
        "response",
        "resource",
        "example",
        "ignored",
        "samples",
        "simulatedResponse",
        "testParams",
        "permissions",
        "unknown",
    }
)
KNOWN_KEYS = frozenset(
    {
        "blockType",
        "@odata.type",
        "@type",
        "@type.aka",
        "@odata.annotations",
        "@property.aka",
        "name",
        "type",
        "section",
        "tocPath",
        "tocIndex",
        "tocBookmarks",
        "description",
        "keywords",
        "truncated",
        "suppressions",
        "optionalProperties",
        "nullableProperties",
        "keyProperty",
        "isCollection",
        "collectionProperty",
        "isEmpty",
        "baseType",
        "openType",
        "abstract",
        "isMediaEntity",
        "isComposable",
        "opaqueUrl",
        "expectError",
        "sampleKeys",
        "longRunningResponseType",
        "idempotent",
        "target",
        "scopes",
        "scope",
        "apiVersions",
        "tags",
        "requestUrls",
        "mergePermissions",
        "namespace",
        "title",
        "canonicalUrl",
        "headerAdditions",
        "footerAdditions",
        "sampleIds",
    }
)


@dataclass(slots=True)
class Annotation:
    data: dict[str, Any]
    line: int
    end_line: int
    strict: bool
    repairs: list[str] = field(default_factory=list)
    trailing: str = ""
    placed: PlacedJson | None = None  # the JSON in the page, for the position of each key

    def key_position(self, key: str) -> tuple[int, int]:
        """Page line and column of `key` (its opening quote), or the comment's start."""
        root = self.placed.node() if self.placed is not None else None
        member = root.member(key) if root is not None else None
        return (member.line, member.column) if member is not None else (self.line, 1)

    @property
    def block_type(self) -> str | None:
        value = self.data.get("blockType")
        return value if isinstance(value, str) else None

    @property
    def is_page_annotation(self) -> bool:
        return self.block_type is None

    def flag(self, key: str) -> bool:
        """A boolean key, accepting the `"true"` strings found in real pages."""
        value = self.data.get(key)
        if isinstance(value, str):
            return value.strip().lower() == "true"
        return bool(value)

    def names(self) -> list[str]:
        """`name` may be a list in responses that answer several requests."""
        value = self.data.get("name")
        if isinstance(value, list):
            return [str(item) for item in value]
        if value is None:
            return []
        return [str(value)]

    def odata_type(self) -> tuple[str | None, bool]:
        """The annotated type and whether it is a collection: `Collection(x)` or isCollection."""
        raw = self.data.get("@type") or self.data.get("@odata.type")
        collection = self.flag("isCollection")
        if not isinstance(raw, str) or not raw.strip():
            return None, collection
        text = raw.strip().lstrip("#")
        if text.lower().startswith("collection(") and text.endswith(")"):
            return text[len("collection(") : -1].strip().lstrip("#"), True
        return text, collection


@dataclass(slots=True)
class AnnotationProblem:
    line: int
    message: str


def read_annotation(comment: Comment) -> Annotation | AnnotationProblem | None:
    """An Annotation for a `{`-comment, a problem if it can't be read, None for other comments."""
    text = comment.text.strip()
    if not text.startswith("{"):
        return None
    lead = comment.text[: comment.text.index(text[0])]
    line = comment.line + lead.count("\n")
    column = len(lead) - lead.rfind("\n") if "\n" in lead else comment.column + len(lead)
    try:
        result = lenient_json.loads(text, allow_trailing=True, line=line, column=column)
    except lenient_json.LenientJsonError as error:
        return AnnotationProblem(comment.line, f"annotation is not readable JSON: {error}")
    if not isinstance(result.value, dict):
        return AnnotationProblem(comment.line, "annotation is not a JSON object")
    repairs = list(result.repairs)
    trailing = result.trailing
    if comment.after.strip():
        trailing = (trailing + " " + comment.after.strip()).strip()
        repairs.append("text after -->")
    return Annotation(
        result.value, comment.line, comment.end_line, result.strict and not trailing, repairs,
        trailing, PlacedJson(text, line, column, 0, result.node),
    )
