# SPDX-License-Identifier: Apache-2.0
"""Replays every input kept for the fuzz targets: tests/fuzz/corpus/<target>/ (seeds) and
tests/fuzz/regressions/<target>/ (each crash a fuzzer ever found), through the libFuzzer
binaries `make fuzz-build` builds (build/fuzz/<target>, ASan + UBSan; `make test` builds
them). Runs each input once: deterministic and a few seconds in all. Builds nothing.

Verifies: REQ-QA-001 (a target passes when the binary exits 0 having run every kept input;
a sanitizer report or a broken invariant exits non-zero and its report is shown).
"""
import os
import subprocess
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
FUZZ = TOP / "tests" / "fuzz"
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build"))
TARGETS = sorted(p.stem[len("fuzz_"):] for p in FUZZ.glob("fuzz_*.c"))


def kept_inputs(target):
    return sorted(p for sub in ("corpus", "regressions") for p in (FUZZ / sub / target).rglob("*")
                  if p.is_file() and not p.name.startswith((".", "README")))


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_survives_its_kept_inputs(target):
    binary = BUILD / "fuzz" / target
    assert binary.is_file() and os.access(binary, os.X_OK), \
        f"{binary} is not built: run `make fuzz-build`"
    inputs = kept_inputs(target)
    assert inputs, f"no seed inputs in {FUZZ / 'corpus' / target}"
    r = subprocess.run([str(binary), "-timeout=25", *map(str, inputs)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    ran = r.stdout.count("\nRunning: ") + r.stdout.startswith("Running: ")
    tail = "\n".join(r.stdout.splitlines()[-60:])
    assert r.returncode == 0, f"{target}: exit {r.returncode} on a kept input:\n{tail}"
    assert ran == len(inputs), f"{target}: ran {ran} of {len(inputs)} inputs:\n{tail}"
