"""This project's client for grpc's interop test cases (doc/interop-test-descriptions.md).

grpc's own Python interop client is not published as a package, so the cases are written here
from the descriptions; ``python -m polyglot_interop.interop --help`` runs one by hand.
"""

from .cases import CASES, InteropFailure, run_case

__all__ = ["CASES", "InteropFailure", "run_case"]
