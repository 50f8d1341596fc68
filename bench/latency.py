# SPDX-License-Identifier: Apache-2.0
"""Row 2: how late a guest's virtual-timer interrupt arrives (guests/tests/latency.c: it arms
CNTV_CVAL a period ahead and records CNTVCT - CVAL in its handler, `samples` times).

The latency domain has 1 vCPU and 64 MiB; "busy" adds a second domain (guests/tests/bench.c
with busy=1: a vCPU that never stops computing) on another pCPU. Options: vwfi=native on both
hypervisors (WFI runs in the guest, as a real-time setup would have it).

With -icount shift=0,align=off,sleep=off QEMU runs every vCPU in one thread, one instruction
per virtual nanosecond: the figures are instruction counts, repeatable to the tick, but a busy
neighbour costs nothing there (vCPUs take turns). Without -icount the figures are host time
and include the host's noise; a busy neighbour then competes for the host's cores.
"""
import re

from guestout import LATENCY_DONE_RE, LATENCY_NS_RE, stats
from machine import BASE_BOOTARGS, Boot, Domain, guest
from table import Result, Row, stats_result

RT_BOOTARGS = BASE_BOOTARGS + " vwfi=native"
TIMEOUT = 300  # the slowest run (Xen, -icount, busy neighbour) takes under 60 s


def _domains(cfg, busy):
    doms = [Domain("latency", guest("latency"), memory_kib=64 * 1024,
                   bootargs=f"samples={cfg.samples} period_us={cfg.period_us}")]
    if busy:
        doms.append(Domain("busy", guest("bench"), memory_kib=64 * 1024, bootargs="busy=1"))
    return doms


def _measure(cfg, hyp, busy, icount):
    name = f"latency-{'busy' if busy else 'idle'}-{'icount' if icount else 'mttcg'}-{hyp.key}"
    try:
        with Boot(hyp, name, _domains(cfg, busy), bootargs=RT_BOOTARGS, icount=icount,
                  out=cfg.out) as b:
            m = b.expect_domain(1, LATENCY_NS_RE, TIMEOUT)
            b.expect_domain(1, LATENCY_DONE_RE, 60)
            cfg.schedulers.setdefault(hyp.key, b.scheduler())
            if busy and not re.search(hyp.line_re(2, "bench: busy"), b.output):
                return Result.na(f"the busy domain never ran [log {b.log_ref}]")
            if "FAIL: latency" in b.output:
                return Result.na(f"the guest says FAIL [log {b.log_ref}]")
            return stats_result(stats(*m.groups()))
    except RuntimeError as e:
        return Result.na(str(e))


def rows(cfg, hyps):
    out = []
    common = f"{cfg.samples} samples {cfg.period_us} us apart; \"{RT_BOOTARGS}\""
    for key, busy, icount, label in (
            ("2a", False, True, "alone"),
            ("2b", True, True, "with a busy domain on another pCPU"),
            ("2c", False, False, "alone"),
            ("2d", True, False, "with a busy domain on another pCPU")):
        how = "-icount shift=0 (ns = instructions)" if icount else "no -icount (host time)"
        row = Row(key, f"Virtual timer interrupt latency seen by a guest, {label}",
                  f"{how}; {common}", "ns")
        for hyp in hyps:
            row.results[hyp.key] = (Result.na("skipped by bench-short") if key in cfg.skip
                                    else _measure(cfg, hyp, busy, icount))
        out.append(row)
    return out
