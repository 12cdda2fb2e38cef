"""`graphdoc lint`: placeholders, broken structure, examples that contradict the model, links.

Rules live in `generator.lint.rules`, each finding carries a stable code from
`generator.lint.registry`; `generator.lint.runner` decides which files to read and how much
of their tree to load, `generator.lint.output` prints the findings.
"""
