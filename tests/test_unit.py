# SPDX-License-Identifier: Apache-2.0
"""Proves the host unit tests pass: runs every built cmocka binary, build/unit/test_* and its
sanitizer build build/unit-san/test_* (AddressSanitizer and UndefinedBehaviorSanitizer, no
recovery: any report exits non-zero), as one test case each.

Verifies: REQ-QA-005
"""
import os
import subprocess
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parent.parent / "build"
BINARIES = sorted(p for sub in ("unit", "unit-san") for p in (BUILD / sub).glob("test_*")
                  if p.is_file() and os.access(p, os.X_OK))


# With nothing built, one case that fails: an empty run must not look like a pass.
@pytest.mark.parametrize("binary", BINARIES or [None],
                         ids=[f"{p.parent.name}/{p.name}" for p in BINARIES] or ["none-built"])
def test_unit_binary_passes(binary):
    assert binary is not None, f"no unit test binaries in {BUILD / 'unit'}: run `make unit`"
    r = subprocess.run([str(binary)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=300)
    assert r.returncode == 0, f"{binary} exited with {r.returncode}:\n{r.stdout}"
