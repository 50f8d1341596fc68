# SPDX-License-Identifier: Apache-2.0
"""Fuzzing as part of `make test`: every libFuzzer target (tests/fuzz/fuzz_<target>.c, built
by `make fuzz-build` under ASan and UBSan) replays its kept inputs, then fuzzes for a bounded
time, TESSERA_FUZZ_TIME seconds (default 30), through tests/fuzz/run.sh, one test case per
target. A crash fails the test, and run.sh keeps the input for ever: it copies it into
tests/fuzz/regressions/<target>/ (commit it with the fix; from then on tests/test_fuzz_corpus.py
replays it in every run) and prints it in base64, so that a CI log alone is enough to recreate
it. New inputs that are not crashes stay in build/fuzz/corpus/<target>.

Verifies: REQ-QA-001
"""
import os
import subprocess
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
FUZZ = TOP / "tests" / "fuzz"
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build"))
TARGETS = sorted(p.stem[len("fuzz_"):] for p in FUZZ.glob("fuzz_*.c"))
SECONDS = int(os.environ.get("TESSERA_FUZZ_TIME", "30"))


@pytest.mark.parametrize("target", TARGETS)
def test_fuzzing_finds_no_crash(target):
    r = subprocess.run([str(FUZZ / "run.sh"), "--build", str(BUILD), "--time", str(SECONDS),
                        target],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=SECONDS + 600, check=False)
    assert r.returncode == 0 and "fuzz: PASS:" in r.stdout, \
        f"{target}: fuzzing failed (exit {r.returncode}):\n{r.stdout}"
