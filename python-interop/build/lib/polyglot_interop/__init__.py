"""Python clients, command-line client and reference servers for the grpc-polyglot services.

Stubs live in ``polyglot_interop.gen`` (generated from ``proto/`` by tools/generate_stubs.py);
client classes in ``polyglot_interop.clients``; the CLI is ``python -m polyglot_interop``.
"""

__version__ = "0.1.0"
