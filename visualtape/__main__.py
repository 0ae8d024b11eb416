"""`python -m visualtape` is the `visualtape` command."""

import sys

from visualtape.cli import main

if __name__ == "__main__":
    sys.exit(main())
