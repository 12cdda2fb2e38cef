"""Every diagnostic code graphdoc raises, with its default severity, name and summary.

One registry for the reader's `GDnnn` codes (what reading and modelling a page found) and
lint's `GDLnnn` rules. Codes are stable: never reused or renumbered. A call site names an
entry (`diagnostics.UNCLOSED_FENCE.at(path, line, message)`) rather than spelling a code
and a severity, so a code has one severity everywhere it is raised.

Ranges: GD0xx files, GD1xx front matter and page text, GD2xx annotations and code blocks,
GD3xx tables, GD4xx cross-page types and links, GD5xx generation. GDL0xx lint itself,
GDL1xx placeholders, GDL2xx structure, GDL3xx examples against the model, GDL4xx links.
GDCnnn: `graphdoc compare`'s differences from a service schema (`docs/compare.md`).
GDKnnn: `graphdoc check`'s findings on the generated package (`docs/check.md`).

`docs/diagnostics.md` documents every reader code and `docs/rules.md` every lint rule;
tests keep both pages and this module in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(slots=True)
class Diagnostic:
    """A problem found while reading or checking; `code` is stable across releases."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    # Set when the diagnostic stands for a table body row that the model does not hold.
    table_row: bool = False


@dataclass(slots=True, frozen=True)
class Code:
    """One registry entry: `code` (GD101, GDL205), a kebab-case `name`, the default
    `severity`, a one-line `summary`, and whether lint's `--fix` can fix it."""

    code: str
    name: str
    severity: Severity
    summary: str
    fixable: bool = False

    def at(
        self, path: str, line: int, message: str, *, column: int = 1, table_row: bool = False
    ) -> Diagnostic:
        """A diagnostic of this code at `path:line:column`."""
        return Diagnostic(path, line, column, self.code, self.severity, message, table_row)


# Files.
UNREADABLE_FILE = Code("GD001", "unreadable-file", "error",
                       "a file that cannot be read, or a binary file, where a page was expected")
NOT_UTF8 = Code("GD002", "not-utf8", "error", "a page that is not UTF-8 text")
READ_NOT_UTF8 = Code("GD004", "read-not-utf8", "warning",
                     "a page in UTF-16 or UTF-32 with a byte-order mark: read, but not UTF-8")
NO_SUCH_PATH = Code("GD003", "no-such-path", "error", "an input path that does not exist")

# Front matter and page text.
NO_DOC_TYPE = Code("GD101", "no-doc-type", "info",
                   "front matter without `doc_type`; the page kind is taken from its folder")
MALFORMED_FRONT_MATTER = Code("GD102", "malformed-front-matter", "warning",
                              "a front-matter line that is not `key: value`")
NAMESPACE_DOT = Code("GD103", "namespace-dot", "warning",
                     "a `Namespace:` line whose namespace ends with a dot")
DOC_TYPE_MISMATCH = Code("GD104", "doc-type-mismatch", "warning",
                         "front-matter `doc_type` contradicts the page's sections")

# Annotations and code blocks.
UNREADABLE_ANNOTATION = Code("GD201", "unreadable-annotation", "error",
                             "an annotation comment that even the lenient JSON reader cannot read")
ANNOTATION_NOT_STRICT = Code("GD202", "annotation-not-strict", "warning",
                             "an annotation read only by repairing its JSON")
BLOCK_TYPE_NOT_STRING = Code("GD203", "block-type-not-string", "error",
                             "an annotation whose `blockType` is not a string")
UNKNOWN_BLOCK_TYPE = Code("GD204", "unknown-block-type", "error",
                          "an annotation `blockType` value ApiDoctor does not know")
JSON_COMMENT = Code("GD205", "json-comment", "info",
                    "a comment holding JSON that is neither a block nor a page annotation")
ORPHAN_ANNOTATION = Code("GD210", "orphan-annotation", "warning",
                         "a block annotation with no code block after it")
UNCLOSED_COMMENT = Code("GD221", "unclosed-comment", "error",
                        "an HTML comment `<!--` that is never closed, hiding what follows")
UNCLOSED_FENCE = Code("GD220", "unclosed-fence", "error",
                      "a code fence that is not closed where it should be")
EMPTY_BASE_TYPE = Code("GD230", "empty-base-type", "warning",
                       "a resource annotation whose `baseType` is empty")
MALFORMED_REQUEST = Code("GD240", "malformed-request", "error",
                         "a request block that does not start with `METHOD URL`")
BODY_NOT_JSON = Code("GD241", "body-not-json", "info",
                     "an example body that is not JSON (kept as raw text)")
BODY_PROBLEM = Code("GD242", "body-problem", "warning",
                    "a strict-JSON example body with a problem (reserved; not raised today)")
BODY_NOT_STRICT = Code("GD243", "body-not-strict", "warning",
                       "an example body read only by repairing its JSON, or not readable")
HTTP_BLOCK_NOTE = Code("GD244", "http-block-note", "info",
                       "a request or response block read with a liberty (a header, a blank line)")
MALFORMED_RESPONSE = Code("GD245", "malformed-response", "error",
                          "a response block that does not start with a status line")
RESPONSE_WITHOUT_REQUEST = Code("GD246", "response-without-request", "warning",
                                "a response example with no request before it to answer")
SUPERSEDED_RESPONSE = Code("GD247", "superseded-response", "info",
                           "a response annotated `ignored` followed by the real response")
SYNTAX_LINE_NOT_REQUEST = Code("GD250", "syntax-line-not-request", "info",
                               "a line in an HTTP syntax block that is not a request line")
NO_SYNTAX_BLOCK = Code("GD251", "no-syntax-block", "info",
                       "an api page without an HTTP syntax block; paths come from its examples")
NO_REQUEST = Code("GD252", "no-request", "warning", "an api page that documents no request")
PLACEHOLDER_TARGET = Code("GD253", "placeholder-target", "warning",
                          "a request line whose target is text a converter left, not a URL")

# Tables.
ROW_REPAIRED = Code("GD301", "row-repaired", "warning",
                    "a table row read with a repair (cells split or merged)")
TABLE_DELIMITER_MISMATCH = Code("GD302", "table-delimiter-mismatch", "warning",
                                "a table header whose delimiter row has another cell count")
GROUP_ROW = Code("GD303", "group-row", "info",
                 "a row that groups the rows below it rather than defining anything")
ROW_WITHOUT_NAME = Code("GD304", "row-without-name", "warning",
                        "a property, parameter or enum row with an empty name cell")
NAME_NOT_IDENTIFIER = Code("GD305", "name-not-identifier", "warning",
                           "a property or parameter name that is not an identifier")
ENUM_VALUE_NOT_NUMBER = Code("GD306", "enum-value-not-number", "warning",
                             "an enum member whose value cell is not a number")
ROW_CONTINUATION = Code("GD307", "row-continuation", "info",
                        "a line without a leading pipe that continues the row above")
NOT_A_MEMBER_ROW = Code("GD308", "not-a-member-row", "warning",
                        "a member-table row whose name holds spaces: a method or prose row")
EMPTY_TYPE_CELL = Code("GD311", "empty-type-cell", "warning",
                       "a property with an empty Type cell, typed `Edm.Untyped`")
GUESSED_TYPE_CELL = Code("GD312", "guessed-type-cell", "warning",
                         "a Type cell that was read by guessing")
NONSTANDARD_PERMISSION = Code("GD320", "nonstandard-permission", "info",
                              "a permission type other than delegated or application")

# Cross-page types and links.
LINK_CASE_MISMATCH = Code("GD401", "link-case-mismatch", "warning",
                          "a Type-cell link that matches its target file only ignoring case")
LINK_TEXT_MISMATCH = Code("GD402", "link-text-mismatch", "info",
                          "a Type-cell link whose text names none of the types on its target")
UNRESOLVED_TYPE = Code("GD410", "unresolved-type", "warning",
                       "a type reference that names no type of the API version")
FOREIGN_NAMESPACE = Code("GD411", "foreign-namespace", "info",
                         "a type name qualified with a namespace no page declares, read by "
                         "its simple name")
TYPE_CONFLICT = Code("GD420", "type-conflict", "warning",
                     "two pages describe one type and disagree")
INFERRED_TYPE = Code("GD430", "inferred-type", "info",
                     "a request-body type with no resource page, inferred from its table")
INHERITANCE_CYCLE = Code("GD440", "inheritance-cycle", "warning",
                         "types whose bases form a cycle; the edge closing it is cut")
ENUM_INFERRED = Code("GD441", "enum-inferred", "info",
                     "a String property whose description lists exactly one enum's members")
BASE_DISAGREEMENT = Code("GD442", "base-disagreement", "warning",
                         "a derived-types listing names another base than the type's page")
ENUM_MEMBER_FROM_PROSE = Code("GD443", "enum-member-from-prose", "info",
                              "a property's value list names an enum's members and more")
DUPLICATE_REQUEST = Code("GD450", "duplicate-request", "info",
                         "a request (method and path) documented on several pages; the model "
                         "keeps one page's definition and names the others")

# Generation.
BASE_NOT_OBJECT = Code("GD501", "base-not-object", "info",
                       "a base type that is no entity or complex type; the model class has none")
NO_CLIENT_METHOD = Code("GD502", "no-client-method", "info",
                        "an operation whose page documents no request path; no client method")
SAME_CLIENT_REQUEST = Code("GD503", "same-client-request", "info",
                           "a path variant the client already sends for another operation")

READER: tuple[Code, ...] = (
    UNREADABLE_FILE, NOT_UTF8, NO_SUCH_PATH, READ_NOT_UTF8,
    NO_DOC_TYPE, MALFORMED_FRONT_MATTER, NAMESPACE_DOT, DOC_TYPE_MISMATCH,
    UNREADABLE_ANNOTATION, ANNOTATION_NOT_STRICT, BLOCK_TYPE_NOT_STRING, UNKNOWN_BLOCK_TYPE,
    JSON_COMMENT, ORPHAN_ANNOTATION, UNCLOSED_FENCE, UNCLOSED_COMMENT, EMPTY_BASE_TYPE,
    MALFORMED_REQUEST, BODY_NOT_JSON, BODY_PROBLEM, BODY_NOT_STRICT, HTTP_BLOCK_NOTE,
    MALFORMED_RESPONSE, RESPONSE_WITHOUT_REQUEST, SUPERSEDED_RESPONSE,
    SYNTAX_LINE_NOT_REQUEST, NO_SYNTAX_BLOCK, NO_REQUEST, PLACEHOLDER_TARGET,
    ROW_REPAIRED, TABLE_DELIMITER_MISMATCH, GROUP_ROW, ROW_WITHOUT_NAME, NAME_NOT_IDENTIFIER,
    ENUM_VALUE_NOT_NUMBER, ROW_CONTINUATION, NOT_A_MEMBER_ROW, EMPTY_TYPE_CELL,
    GUESSED_TYPE_CELL,
    NONSTANDARD_PERMISSION,
    LINK_CASE_MISMATCH, LINK_TEXT_MISMATCH, UNRESOLVED_TYPE, FOREIGN_NAMESPACE, TYPE_CONFLICT,
    INFERRED_TYPE,
    INHERITANCE_CYCLE, ENUM_INFERRED, BASE_DISAGREEMENT, ENUM_MEMBER_FROM_PROSE, DUPLICATE_REQUEST,
    BASE_NOT_OBJECT, NO_CLIENT_METHOD, SAME_CLIENT_REQUEST,
)

LINT: tuple[Code, ...] = (
    Code("GDL001", "unknown-suppression-code", "warning",
         "a graphdoc-disable comment names a code or rule that does not exist"),
    Code("GDL002", "unused-suppression", "warning",
         "a graphdoc-disable comment no longer suppresses anything"),
    Code("GDL003", "unreadable-page", "error",
         "a page that is not UTF-8 text (UTF-16, Latin-1, a NUL byte, a binary file)"),
    Code("GDL101", "placeholder-text", "error",
         "an unfinished-doc marker or stand-in text (TODO, TBD, Not yet documented in any "
         "published language) in published text"),
    Code("GDL102", "empty-cell", "error",
         "a description, type, return-type or permission cell left empty"),
    Code("GDL103", "empty-front-matter", "error",
         "front-matter title, description or author missing, or a template key left empty"),
    Code("GDL104", "empty-http-syntax", "error",
         "the HTTP request section has no request line"),
    Code("GDL105", "dummy-example-value", "warning",
         "a request or response example carries a generator sample value such as \"String\""),
    Code("GDL106", "generated-example-name", "warning",
         "an example name with an empty segment (`create_contact_from_`), a generator artefact"),
    Code("GDL107", "instruction-left", "error",
         "an instruction to the author (Add description, Provide applicable permissions...) "
         "where content belongs"),
    Code("GDL108", "converter-error-text", "error",
         "error text a converter wrote into the page (Entity URI for x not found)"),
    Code("GDL109", "template-sample", "error",
         "template prose or a sample row left in place (To be completed, X-Sample-Header)"),
    Code("GDL110", "empty-template-slot", "error",
         "a template sentence with its slot empty: an empty code span, a colon with nothing "
         "after it, an example block with no line"),
    Code("GDL111", "author-note", "info",
         "an author's note in an HTML comment (TODO, a question, an instruction), or a "
         "placeholder in commented-out text"),
    Code("GDL201", "missing-section", "warning",
         "a section the page kind requires is missing"),
    Code("GDL202", "table-cell-count", "warning",
         "a table row whose cells do not line up with the header"),
    Code("GDL203", "table-delimiter-mismatch", "error",
         "a table whose delimiter row has another cell count than its header (no GFM table)"),
    Code("GDL204", "table-missing-pipe", "warning",
         "a table row without the edge pipe the rest of its table has", fixable=True),
    Code("GDL205", "annotation-json", "warning",
         "an annotation comment that is not strict JSON", fixable=True),
    Code("GDL206", "unknown-annotation-key", "warning",
         "an annotation key ApiDoctor does not know"),
    Code("GDL207", "unknown-block-type", "error",
         "an annotation `blockType` value ApiDoctor does not know"),
    Code("GDL208", "orphan-annotation", "warning",
         "a block annotation with no code block after it"),
    Code("GDL209", "duplicate-example-name", "error",
         "two request examples of one page share a name"),
    Code("GDL210", "request-without-response", "warning",
         "a request example with no response example"),
    Code("GDL211", "response-without-request", "warning",
         "a response example with no request before it"),
    Code("GDL212", "unclosed-fence", "error",
         "a code fence that is not closed where it should be"),
    Code("GDL213", "malformed-http-block", "error",
         "a request block without `METHOD URL`, or a response block without a status line"),
    Code("GDL214", "doc-type-mismatch", "warning",
         "front-matter doc_type contradicts the page's sections"),
    Code("GDL215", "malformed-front-matter", "warning",
         "a front-matter line that is not `key: value`"),
    Code("GDL216", "unclosed-comment", "error",
         "an HTML comment `<!--` that is never closed, hiding the rest of the page"),
    Code("GDL301", "example-body-json", "warning",
         "an example body meant as JSON that is not strict JSON"),
    Code("GDL302", "unknown-property", "warning",
         "an example sets a property its type does not have"),
    Code("GDL303", "wrong-value-type", "warning",
         "an example value does not fit its property's type"),
    Code("GDL304", "odata-type-mismatch", "warning",
         "an `@odata.type` that is neither the documented type nor derived from it"),
    Code("GDL305", "url-not-in-syntax", "warning",
         "an example URL that matches none of the page's HTTP request paths"),
    Code("GDL306", "method-mismatch", "error",
         "an example uses a method the page's HTTP request section does not list"),
    Code("GDL307", "unknown-enum-member", "warning",
         "an example gives an enum property a value that is not one of its members"),
    Code("GDL401", "broken-link", "error",
         "a relative link whose target does not exist"),
    Code("GDL402", "link-case-mismatch", "warning",
         "a relative link that matches its target only ignoring case", fixable=True),
    Code("GDL403", "missing-anchor", "warning",
         "a link to a `#anchor` that no heading of the target page has"),
    Code("GDL404", "type-link-mismatch", "warning",
         "a Type-cell link whose text names none of the types its target page documents"),
)

BY_CODE: dict[str, Code] = {entry.code: entry for entry in (*READER, *LINT)}

# `graphdoc compare`: the pages against a service schema (`docs/compare.md`).
COMPARE: tuple[Code, ...] = (
    Code("GDC101", "type-only-in-docs", "error",
         "a type the docs define that the service schema does not have"),
    Code("GDC102", "type-only-in-metadata", "warning",
         "a type of the service schema that no page documents"),
    Code("GDC103", "type-kind-differs", "error",
         "entity, complex type or enum: the docs say one, the service schema another"),
    Code("GDC104", "type-name-case", "error",
         "a type name spelt with other letter case than in the service schema"),
    Code("GDC201", "property-missing", "warning",
         "a property of the service schema that the type's pages do not document"),
    Code("GDC202", "property-extra", "error",
         "a documented property that neither the type nor its bases have in the service schema"),
    Code("GDC203", "property-type-differs", "error",
         "a property documented with another type than the service schema's"),
    Code("GDC204", "property-collection-differs", "error",
         "a property documented as a collection where the service has one value, or the reverse"),
    Code("GDC205", "property-name-case", "error",
         "a property name spelt with other letter case than in the service schema"),
    Code("GDC301", "base-differs", "error",
         "a type documented with another base type (or none) than the service schema's"),
    Code("GDC401", "member-missing", "warning",
         "an enum member of the service schema that the docs do not list "
         "(`unknownFutureValue` excepted)"),
    Code("GDC402", "member-extra", "error",
         "a documented enum member that the service schema does not have"),
    Code("GDC403", "member-name-case", "error",
         "an enum member spelt with other letter case than in the service schema"),
)

# `graphdoc check`: the committed generated package against the pages (`docs/check.md`).
GENERATED_MISSING = Code("GDK101", "generated-missing", "error",
                         "the package the pages generate is not in the output folder")
GENERATED_STALE = Code("GDK102", "generated-stale", "error",
                       "a generated file is not what the pages generate now (the pages or "
                       "graphdoc changed since `graphdoc generate`, or it was edited by hand)")
CHECK: tuple[Code, ...] = (GENERATED_MISSING, GENERATED_STALE)
