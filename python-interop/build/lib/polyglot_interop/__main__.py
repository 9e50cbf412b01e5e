"""``python -m polyglot_interop``: the command-line client (see polyglot_interop.cli.main)."""

import sys

from polyglot_interop.cli.main import main

sys.exit(main())
