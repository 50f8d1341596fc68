# SPDX-License-Identifier: Apache-2.0
"""`make bench-short` as part of `make test`: proves the benchmark still works, never judges
a number. It runs every row group once with few samples (bench/run.py --short: Tessera and
Xen 4.17 on the same QEMU, device tree and guests) and passes when the bench ran to its end
and wrote its table and CSV with every row and a cell for each hypervisor. A cell that says
"n/a (why)" is a finding of the bench (a scenario that could not run), not a failure of it;
a crash of the bench scripts, a missing row or a missing file is.

Verifies: REQ-BENCH-001
"""
import csv
import os
import subprocess
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build"))
# The Makefile's own BUILD unless another folder was asked for (make test passes build/).
BUILD_ARG = [] if BUILD.resolve() == (TOP / "build").resolve() else [f"BUILD={BUILD}"]
# Every row bench/run.py writes, short or full (bench/README.md).
ROWS = ["0", "1a", "1b", "1c", "2a", "2b", "2c", "2d", "3a", "3b", "3c", "3d", "4",
        "5a", "5b", "5c", "5d", "5e", "5f", "6a", "6b"]
HYPERVISORS = ("tessera", "xen")


def test_bench_short_runs_to_its_table():
    out = BUILD / "bench"
    for name in ("bench.md", "bench.csv"):
        (out / name).unlink(missing_ok=True)
    r = subprocess.run(["make", "--no-print-directory", "-C", str(TOP), *BUILD_ARG,
                        "bench-short"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=3600, check=False)
    tail = "\n".join(r.stdout.splitlines()[-60:])
    assert r.returncode == 0, f"make bench-short failed (exit {r.returncode}):\n{tail}"
    assert (out / "bench.md").is_file(), f"no {out / 'bench.md'}:\n{tail}"
    with open(out / "bench.csv", encoding="utf-8") as f:
        rows = {row["row"]: row for row in csv.DictReader(f)}
    assert sorted(rows) == sorted(ROWS), f"rows {sorted(rows)}, expected {ROWS}"
    for key, row in rows.items():
        for hyp in HYPERVISORS:
            assert row[f"{hyp}_text"].strip(), f"row {key} has no cell for {hyp}"
    print(r.stdout)
