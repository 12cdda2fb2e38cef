"""`python -m generator.serve PATH... [--port N]`: `graphdoc serve` before it is wired in."""

from generator.serve.cli import main

raise SystemExit(main())
