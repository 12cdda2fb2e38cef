"""`python -m graphdoc` is the `graphdoc` command."""

from .cli import run

run()
