#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""`make bench`: Tessera and Xen 4.17 side by side on the same QEMU, device tree and guests.

Prints one markdown table (also saved as build/bench/bench.md and bench.csv); every console
log is kept in build/bench/logs/. A benchmark, not a test: it exits 0 whatever the numbers,
and a scenario that cannot run shows "n/a (why)". Method and caveats: bench/README.md.

    bench/run.py [--short] [--out DIR] [--only 1,2,3,4,5,6]
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# pylint: disable=wrong-import-position
import boot  # noqa: E402
import evtchn  # noqa: E402
import latency  # noqa: E402
import memory  # noqa: E402
import ops  # noqa: E402
import size  # noqa: E402
from config import Config  # noqa: E402
from machine import BUILD, HYPERVISORS, QEMU, TOP  # noqa: E402
from table import Result, Row, markdown, write_csv  # noqa: E402

GROUPS = {"1": boot.rows, "2": latency.rows, "3": ops.rows, "4": evtchn.rows, "5": size.rows,
          "6": memory.rows}


def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=TOP, check=False)
        return out.stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def context():
    """Where and on what the figures were taken."""
    xen = BUILD / "xen" / "version"
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo", encoding="utf-8")
                if ln.startswith(("model name", "Model"))), platform.machine())
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "tessera": _first_line(["git", "describe", "--always", "--dirty"]),
        "xen": xen.read_text().strip() if xen.is_file() else "not fetched",
        "qemu": _first_line([QEMU, "--version"]),
        "host": f"{cpu}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start",
    }


def scheduler_row(cfg, hyps):
    row = Row("0", "Scheduler each side really ran", "read from the console: Tessera's boot "
              "summary, Xen's \"Using scheduler\" line", "")
    for hyp in hyps:
        name = cfg.schedulers.get(hyp.key)
        row.results[hyp.key] = Result(None, name) if name else Result.na("no boot finished")
    if "xen" in row.results and row.results["xen"].text == "credit2":
        row.results["xen"].text = "credit2 (Debian's Xen has only credit and credit2; no null)"
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--short", action="store_true",
                    help="one run each, few samples: proves the bench works, nothing more")
    ap.add_argument("--out", default=str(BUILD / "bench"))
    ap.add_argument("--only", default=",".join(GROUPS), help="row groups, e.g. 1,5")
    args = ap.parse_args(argv)
    cfg = (Config.short if args.short else Config.full)(args.out)
    (cfg.out / "logs").mkdir(parents=True, exist_ok=True)
    hyps = HYPERVISORS
    ctx = context()
    start = time.monotonic()
    rows = []
    for group, fn in GROUPS.items():
        if group in args.only.split(","):
            t = time.monotonic()
            print(f"bench: row {group} ...", file=sys.stderr, flush=True)
            rows += fn(cfg, hyps)
            print(f"bench: row {group} took {time.monotonic() - t:.0f} s", file=sys.stderr,
                  flush=True)
    rows.insert(0, scheduler_row(cfg, hyps))
    rows.sort(key=lambda r: (r.key[0], r.key))
    table = markdown(rows, hyps)
    took = time.monotonic() - start
    head = (f"Tessera {ctx['tessera']} and {ctx['xen']} on {ctx['qemu']}, machine virt, "
            f"GICv3, 4 x Cortex-A57, 2 GiB; {ctx['host']}; {ctx['date']}; "
            f"{'bench-short' if args.short else 'bench'} took {took:.0f} s.")
    (cfg.out / "bench.md").write_text(head + "\n\n" + table, encoding="utf-8")
    write_csv(cfg.out / "bench.csv", rows, hyps)
    print(head + "\n")
    print(table)
    print(f"(also {cfg.out / 'bench.md'}, {cfg.out / 'bench.csv'}; console logs in "
          f"{cfg.out / 'logs'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
