"""The ``quiver`` command line (console script ``quiver = "quiverdb.cli:main"``, and
``python -m quiverdb``), on the public Python API only:

- ``main``: the entry point, checks, opening the database, running the script;
- ``parser``: the arguments (upstream's messages and rules, docs/reference/cli.md);
- ``repl``: the interactive prompt;
- ``render``: returned values as Lua text, for the prompt.
"""

from quiverdb.cli.main import main

__all__ = ["main"]
