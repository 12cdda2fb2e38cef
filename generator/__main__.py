"""`python -m generator` is the `graphdoc` command."""

from generator.cli import main

raise SystemExit(main())
