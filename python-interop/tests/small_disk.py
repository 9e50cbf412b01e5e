"""A real small filesystem for the full-disk tests: a tmpfs mounted in a mount namespace of the
server's own (nothing on the machine is mounted; it disappears with the process).

As root (CI containers) `unshare --mount` is enough and works where user namespaces are blocked;
otherwise `unshare --mount --map-root-user` needs unprivileged user namespaces. Where neither
works the tests skip, unless POLYGLOT_REQUIRE_FULL_DISK=1 (set by .ci/run): then they fail."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

import pytest

REQUIRE = "POLYGLOT_REQUIRE_FULL_DISK"


@functools.cache
def _unshare_that_mounts() -> tuple[tuple[str, ...] | None, str]:
    """The unshare command that may mount a tmpfs here, or None and why not."""
    if shutil.which("unshare") is None:
        return None, "no unshare command"
    candidates = [("unshare", "--mount")] if os.geteuid() == 0 else []
    candidates.append(("unshare", "--mount", "--map-root-user"))
    errors = []
    for command in candidates:
        probe = subprocess.run([*command, "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                               capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return command, ""
        errors.append(f"{' '.join(command)}: {probe.stderr.strip()}")
    return None, "; ".join(errors)


def unshare_command() -> list[str]:
    """The unshare prefix under which a shell may mount a private tmpfs; skips (or fails when
    POLYGLOT_REQUIRE_FULL_DISK=1) where this machine allows neither way."""
    command, why = _unshare_that_mounts()
    if command is None:
        message = f"cannot mount a private tmpfs for the full-disk test ({why})"
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{message}; {REQUIRE}=1 makes this a failure")
        pytest.skip(message)
    return list(command)
