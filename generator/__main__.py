"""`python -m graphdoc` is the `graphdoc` command."""

from .cli import main

raise SystemExit(main())
