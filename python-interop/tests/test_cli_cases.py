"""testdata/cli/cases.json, the command-line contract the Java, Python and Go clients all pass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from servers import RunningServer

CASES_DIR = Path(__file__).resolve().parents[2] / "testdata" / "cli"
CASES = json.loads((CASES_DIR / "cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_cli_case(case: dict, java_server: RunningServer) -> None:
    args = [a.replace("{target}", java_server.address).replace("{dir}", str(CASES_DIR))
            for a in case["args"]]
    result = subprocess.run([sys.executable, "-m", "polyglot_interop", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == case["exit"], result.stderr
    assert result.stdout.splitlines() == case["stdout"]
    if "stderr" in case:
        assert result.stderr.splitlines() == case["stderr"]
    if "stderr_starts_with" in case:
        assert result.stderr.startswith(case["stderr_starts_with"])
        assert len(result.stderr.splitlines()) == 1, result.stderr
