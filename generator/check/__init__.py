"""`graphdoc check`: the docs CI gate over one API version's pages (`docs/check.md`).

Three parts, one exit code: the committed generated package is what the pages generate
(`generated`, through the package's record, so a clean checkout renders nothing), lint's
model-level rules over the whole tree (`gate.MODEL_RULES`), and, when `[tool.graphdoc]`
names a `metadata` file, the comparison with the service's schema (`graphdoc.compare`).
"""
