# SPDX-License-Identifier: Apache-2.0
"""The static checks as part of `make test`: runs `make check` (clang-format, include guards,
cppcheck with the MISRA C:2012 rules of docs/misra/rules.md and the deviations of
docs/misra/deviations.md, clang-tidy with .clang-tidy) over the sources one build compiles.
Any finding fails; the test shows the findings. About 2.5 minutes from a clean build folder,
seconds when nothing changed (scripts/check.sh caches per file).

Verifies: REQ-QA-002 (test_static_checks_find_nothing), REQ-QA-004 (the compilers' test)
"""
import os
import subprocess
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build"))
# The Makefile's own BUILD unless another folder was asked for (make test passes build/).
BUILD_ARG = [] if BUILD.resolve() == (TOP / "build").resolve() else [f"BUILD={BUILD}"]
TAIL_LINES = 80


def test_static_checks_find_nothing():
    r = subprocess.run(["make", "--no-print-directory", "-C", str(TOP), *BUILD_ARG,
                        "check"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=1800, check=False)
    tail = "\n".join(r.stdout.splitlines()[-TAIL_LINES:])
    assert r.returncode == 0, f"make check failed (exit {r.returncode}):\n{tail}"


def test_hypervisor_builds_warning_free_with_gcc_and_clang():
    """Both compilers' rules carry -Wall -Wextra -Werror (the Makefile's HYP_CFLAGS, and
    CLANG_CFLAGS from them): the build and the clang build succeed, or a warning stopped them.
    make test has built both already, so this only proves they are up to date and built."""
    r = subprocess.run(["make", "--no-print-directory", "-C", str(TOP), *BUILD_ARG, "all",
                        "clang-build"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=1800, check=False)
    tail = "\n".join(r.stdout.splitlines()[-TAIL_LINES:])
    assert r.returncode == 0, f"the GCC or clang build failed (exit {r.returncode}):\n{tail}"
    flags = subprocess.run(["make", "--no-print-directory", "-C", str(TOP), "-pn", "all"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           check=False).stdout
    hyp_cflags = next(ln for ln in flags.splitlines() if ln.startswith("HYP_CFLAGS :="))
    for flag in ("-Wall", "-Wextra", "-Werror"):
        assert flag in hyp_cflags.split(), f"HYP_CFLAGS lacks {flag}: {hyp_cflags}"
