"""The runtime under the name generated packages give it (`<package>/_runtime.py`).

The support modules beside it (`paths/_base.py`, `tests/_support.py`) import
`.._runtime` as they do in a generated package, so they are type-checked and linted here
exactly as shipped. Generated packages get `graph_runtime.py` itself, copied.
"""

from .graph_runtime import *  # noqa: F403
from .graph_runtime import __all__ as __all__
