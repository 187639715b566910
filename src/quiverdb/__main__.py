"""``python -m quiverdb``: the ``quiver`` command line."""

import sys

from quiverdb.cli import main

if __name__ == "__main__":
    sys.exit(main())
