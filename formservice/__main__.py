"""``python -m formservice``: the same command line as ``formservice`` (the supervisor starts its
processes this way, with the interpreter it runs under)."""

import sys

from formservice.cli import main

sys.exit(main())
