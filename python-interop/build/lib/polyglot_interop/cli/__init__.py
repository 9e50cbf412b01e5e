"""The command-line client: ``python -m polyglot_interop --target HOST:PORT [service...]``."""
