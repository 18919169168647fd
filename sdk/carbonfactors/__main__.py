"""``python -m carbonfactors``: the same command line as ``carbonfactors``."""

import sys

from .cli import main

sys.exit(main())
