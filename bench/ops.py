# SPDX-License-Identifier: Apache-2.0
"""Rows 1c and 3: what basic hypervisor services cost a guest, measured by guests/tests/bench.c
with CNTVCT around each of `iters` operations (see that file for the exact instructions).

- 1c, 3a, 3b: one run under -icount shift=0,align=off,sleep=off with a 1-vCPU bench domain:
  the null hypercall (Xen's xen_version, HVC #0xEA1, x16 = 17, x0 = XENVER_version) and an
  emulated MMIO read (GICD_TYPER), in virtual ns = instructions; and CNTPCT as the guest's
  main() begins: the boot in the machine's own time.
- 3c, 3d: the SGI round trip between the 2 vCPUs of a domain, without -icount: under -icount
  QEMU runs all vCPUs in one thread by turns, and a round trip between two vCPUs then
  measures QEMU's turn length, not the hypervisor. With vwfi=trap (the default: the idle vCPU
  blocks in the hypervisor and the SGI wakes it) and with vwfi=native (it waits in WFI).
"""
import re

from guestout import BENCH_DONE_RE, BENCH_START_RE, bench_lines, unanswered_ping
from machine import BASE_BOOTARGS, Boot, Domain, guest
from table import Result, Row, fmt_num, stats_result

TIMEOUT = 300  # the slowest run (Xen, -icount, busy neighbour) takes under 60 s
RT_BOOTARGS = BASE_BOOTARGS + " vwfi=native"
XENVER_4_17 = 4 << 16 | 17  # what xen_version(XENVER_version) answers on Xen 4.17


def _domains(cfg, cpus):
    return [Domain("bench", guest("bench"), memory_kib=64 * 1024, cpus=cpus,
                   bootargs=f"iters={cfg.iters}")]


def _run(cfg, hyp, name, cpus, bootargs, icount):
    """Boots the bench domain; returns (BENCH lines, start match, console text) or raises."""
    with Boot(hyp, name, _domains(cfg, cpus), bootargs=bootargs, icount=icount,
              out=cfg.out) as b:
        start = b.expect_domain(1, BENCH_START_RE, TIMEOUT)
        b.expect_domain(1, BENCH_DONE_RE, TIMEOUT)
        cfg.schedulers.setdefault(hyp.key, b.scheduler())
        prefix = hyp.line_re(1, "")
        return bench_lines(b.output, prefix), start, b.output, prefix, b.log_ref


def _hvc_result(line):
    r = stats_result(line)
    ret = line["ret"]
    if ret == -38:
        r.text += "; answered -ENOSYS"
    elif ret == XENVER_4_17:
        r.text += "; answered 4.17"
    elif ret is not None:
        r.text += f"; answered {ret:#x}"
    return r


def _icount_rows(cfg, hyp, boot, hvc, mmio):
    try:
        lines, start, _, _, log = _run(cfg, hyp, f"ops-icount-{hyp.key}", 1, RT_BOOTARGS, True)
    except RuntimeError as e:
        for row in (boot, hvc, mmio):
            row.results[hyp.key] = Result.na(str(e))
        return
    ticks, freq = int(start.group(1)), int(start.group(2))
    ms = ticks * 1000 / freq
    boot.results[hyp.key] = Result(ms, f"{ms:.1f} ms", f"cntpct={ticks} freq_hz={freq}")
    for row, name, make in ((hvc, "hvc_xen_version", _hvc_result),
                            (mmio, "mmio_gicd_typer", stats_result)):
        line = lines.get(name)
        row.results[hyp.key] = make(line) if line else Result.na(f"no result line [log {log}]")


def _sgi_result(cfg, hyp, vwfi):
    bootargs = BASE_BOOTARGS + (" vwfi=native" if vwfi == "native" else "")
    try:
        lines, _, text, prefix, log = _run(cfg, hyp, f"ops-sgi-{vwfi}-{hyp.key}", 2, bootargs,
                                           False)
    except RuntimeError as e:
        return Result.na(str(e))
    line = lines.get("sgi_roundtrip")
    lost = unanswered_ping(text, prefix)
    if lost is not None:
        r = Result.na(f"ping {fmt_num(lost)} of {fmt_num(cfg.iters)} never answered "
                      f"in 2 s: an SGI lost [log {log}]")
        if line:
            r.detail = f"before it: mean {line['mean']} ns over {line['iters']}"
        return r
    if line is None or line["iters"] < cfg.iters:
        skipped = re.search(prefix + r"BENCH: sgi_roundtrip (.*)", text)
        return Result.na(skipped.group(1) if skipped else f"no result line [log {log}]")
    return stats_result(line)


def rows(cfg, hyps):
    icount = "-icount shift=0 (ns = instructions)"
    boot = Row("1c", "Boot: machine reset to a bare-metal domain's main() (bench guest)",
               f"{icount}; CNTPCT read by the guest, 1 run; \"{RT_BOOTARGS}\"", "ms")
    hvc = Row("3a", "Null hypercall: xen_version (HVC #0xEA1, x16 = 17, x0 = 0)",
              f"{icount}; {cfg.iters} calls timed one by one with CNTVCT", "ns")
    mmio = Row("3b", "Emulated MMIO read: GICD_TYPER (0x03001004)",
               f"{icount}; {cfg.iters} reads timed one by one with CNTVCT", "ns")
    sgi = {
        vwfi: Row(key, f"Virtual IPI round trip between 2 vCPUs of a domain (SGI there, SGI "
                  f"back), vwfi={vwfi}",
                  f"no -icount (host time; -icount would time QEMU's turns); {cfg.iters} "
                  f"round trips timed with CNTVCT"
                  + ("; \"" + BASE_BOOTARGS + "\"" if vwfi == "trap" else
                     "; \"" + RT_BOOTARGS + "\""), "ns")
        for key, vwfi in (("3c", "trap"), ("3d", "native"))
    }
    for hyp in hyps:
        _icount_rows(cfg, hyp, boot, hvc, mmio)
        for vwfi, row in sgi.items():
            row.results[hyp.key] = _sgi_result(cfg, hyp, vwfi)
    return [boot, hvc, mmio, sgi["trap"], sgi["native"]]
