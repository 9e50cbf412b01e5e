"""Python clients, command-line client and reference servers for the grpc-polyglot services.

Stubs live in ``polyglot_interop.gen`` (generated from ``proto/`` when the package is built);
client classes in ``polyglot_interop.clients``; the CLI is ``polyglot-interop`` (the same as
``python -m polyglot_interop``).
"""

__version__ = "0.1.0"
