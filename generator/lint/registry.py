"""Every rule with its stable code. Codes are never reused or renumbered.

GDL0xx lint itself (suppressions), GDL1xx placeholders and empty slots, GDL2xx structure,
GDL3xx examples against the model, GDL4xx links. `docs/rules.md` documents each one with a
failing and a passing snippet; a test keeps that page and this table in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Severity


@dataclass(slots=True, frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fixable: bool = False


RULES: tuple[Rule, ...] = (
    Rule("GDL001", "unknown-suppression-code", "warning",
         "a graphdoc-disable comment names a code or rule that does not exist"),
    Rule("GDL002", "unused-suppression", "warning",
         "a graphdoc-disable comment no longer suppresses anything"),
    Rule("GDL003", "unreadable-page", "error",
         "a page that is not UTF-8 text (UTF-16, Latin-1, a NUL byte, a binary file)"),
    Rule("GDL101", "placeholder-text", "error",
         "an unfinished-doc marker (TODO, TBD, Not yet documented, Add description...) "
         "in published text"),
    Rule("GDL102", "empty-cell", "error",
         "a description, type or permission cell left empty"),
    Rule("GDL103", "empty-front-matter", "error",
         "front-matter title, description or author missing or empty"),
    Rule("GDL104", "empty-http-syntax", "error",
         "the HTTP request section has no request line"),
    Rule("GDL105", "dummy-example-value", "warning",
         "a request or response example carries a generator sample value such as \"String\""),
    Rule("GDL106", "generated-example-name", "warning",
         "an example name with an empty segment (`create_contact_from_`), a generator artefact"),
    Rule("GDL201", "missing-section", "warning",
         "a section the page kind requires is missing"),
    Rule("GDL202", "table-cell-count", "warning",
         "a table row whose cells do not line up with the header"),
    Rule("GDL203", "table-delimiter-mismatch", "error",
         "a table whose delimiter row has another cell count than its header (no GFM table)"),
    Rule("GDL204", "table-missing-pipe", "warning",
         "a table row without the edge pipe the rest of its table has", fixable=True),
    Rule("GDL205", "annotation-json", "warning",
         "an annotation comment that is not strict JSON", fixable=True),
    Rule("GDL206", "unknown-annotation-key", "warning",
         "an annotation key ApiDoctor does not know"),
    Rule("GDL207", "unknown-block-type", "error",
         "an annotation `blockType` value ApiDoctor does not know"),
    Rule("GDL208", "orphan-annotation", "warning",
         "a block annotation with no code block after it"),
    Rule("GDL209", "duplicate-example-name", "error",
         "two request examples of one page share a name"),
    Rule("GDL210", "request-without-response", "warning",
         "a request example with no response example"),
    Rule("GDL211", "response-without-request", "warning",
         "a response example with no request before it"),
    Rule("GDL212", "unclosed-fence", "error",
         "a code fence that is not closed where it should be"),
    Rule("GDL213", "malformed-http-block", "error",
         "a request block without `METHOD URL`, or a response block without a status line"),
    Rule("GDL214", "doc-type-mismatch", "warning",
         "front-matter doc_type contradicts the page's sections"),
    Rule("GDL215", "malformed-front-matter", "warning",
         "a front-matter line that is not `key: value`"),
    Rule("GDL216", "unclosed-comment", "error",
         "an HTML comment `<!--` that is never closed, hiding the rest of the page"),
    Rule("GDL301", "example-body-json", "warning",
         "an example body meant as JSON that is not strict JSON"),
    Rule("GDL302", "unknown-property", "warning",
         "an example sets a property its type does not have"),
    Rule("GDL303", "wrong-value-type", "warning",
         "an example value does not fit its property's type"),
    Rule("GDL304", "odata-type-mismatch", "warning",
         "an `@odata.type` that is neither the documented type nor derived from it"),
    Rule("GDL305", "url-not-in-syntax", "warning",
         "an example URL that matches none of the page's HTTP request paths"),
    Rule("GDL306", "method-mismatch", "error",
         "an example uses a method the page's HTTP request section does not list"),
    Rule("GDL307", "unknown-enum-member", "warning",
         "an example gives an enum property a value that is not one of its members"),
    Rule("GDL401", "broken-link", "error",
         "a relative link whose target does not exist"),
    Rule("GDL402", "link-case-mismatch", "warning",
         "a relative link that matches its target only ignoring case", fixable=True),
    Rule("GDL403", "missing-anchor", "warning",
         "a link to a `#anchor` that no heading of the target page has"),
    Rule("GDL404", "type-link-mismatch", "warning",
         "a Type-cell link whose text names none of the types its target page documents"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def lookup(token: str) -> Rule | None:
    """A rule by code (`GDL101`, any case) or by name (`placeholder-text`)."""
    return BY_CODE.get(token.strip().upper()) or BY_NAME.get(token.strip().lower())


def expand(tokens: list[str]) -> tuple[set[str], list[str]]:
    """Codes selected by codes, code prefixes (`GDL1`, `ALL`) or names; and unknown tokens."""
    codes: set[str] = set()
    unknown: list[str] = []
    for raw in tokens:
        token = raw.strip()
        if not token:
            continue
        rule = lookup(token)
        if rule is not None:
            codes.add(rule.code)
            continue
        upper = token.upper()
        if upper == "ALL":
            codes.update(BY_CODE)
            continue
        matched = {code for code in BY_CODE if code.startswith(upper)} if upper.startswith(
            "GDL"
        ) else set()
        if matched:
            codes.update(matched)
        else:
            unknown.append(token)
    return codes, unknown
