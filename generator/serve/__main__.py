"""`python -m graphdoc.serve PATH... [--port N]`: `graphdoc serve` before it is wired in."""

from .cli import main

raise SystemExit(main())
