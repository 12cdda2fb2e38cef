"""`graphdoc lint`: placeholders, broken structure, examples that contradict the model, links.

Rules live in `graphdoc.lint.rules`, each finding carries a stable code from
`graphdoc.lint.registry`; `graphdoc.lint.runner` decides which files to read and how much
of their tree to load, `graphdoc.lint.output` prints the findings.
"""
