"""The environment a benchmark runs graphdoc's commands in: compiled modules or not.

An installed package comes with its modules compiled (pip compiles them at install; so does
a Python install for its stdlib). This checkout is installed editable, and where
PYTHONDONTWRITEBYTECODE is set (as on these machines) nothing is ever compiled to disk, so
each command compiles every graphdoc module it imports before doing anything: a cost no
user of an installed graphdoc pays. `installed` compiles beforehand, into a cache folder
of the benchmark's own (PYTHONPYCACHEPREFIX, so the checkout is untouched); `as-is` leaves
the environment as it is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import graphdoc

__all__ = ["BYTECODE_CHOICES", "command_env"]

BYTECODE_CHOICES = ("installed", "as-is")


def command_env(bytecode: str, folder: Path, imports: str) -> tuple[dict[str, str], str]:
    """The commands' environment, and a few words on its bytecode for the report.

    `installed`: every graphdoc module, and what `imports` (a Python import statement:
    the stdlib and third-party modules the commands use) pulls in, compiled into
    `folder/pycache` first, so no timed run compiles.
    """
    env = dict(os.environ)
    if bytecode == "as-is":
        if sys.dont_write_bytecode:
            return env, "as is: off (PYTHONDONTWRITEBYTECODE), modules compiled at each start"
        return env, "as is: on"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    package = str(Path(graphdoc.__file__).parent)
    script = (
        f"import compileall, sys; sys.exit(not compileall.compile_dir({package!r}, quiet=1))"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    subprocess.run([sys.executable, "-c", imports], env=env, check=True)
    subprocess.run(  # and `python -m graphdoc` itself
        [sys.executable, "-m", "graphdoc", "--version"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env, "as installed: modules compiled beforehand, not in the timed runs"

