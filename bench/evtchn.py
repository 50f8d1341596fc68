# SPDX-License-Identifier: Apache-2.0
"""Row 4: the event-channel round trip between two domains on different pCPUs
(guests/tests/evtchn_ping.c): d1 (ping) sends on its end of an interdomain channel and waits
in WFI; d2 (pong) answers from its upcall handler; d1 times each round trip with CNTVCT from
before its send to its own handler taking the answer, and prints min/mean/p99/max.

The channel is static, from the host device tree on both hypervisors (Xen's xen,evtchn-v1
binding, which Xen 4.17 implements for dom0less domUs: booting.txt "Static Event Channel"),
d1 port 5 <-> d2 port 7, so neither guest makes a set-up hypercall the other lacks. Both
domains have xen,enhanced = "no-xenstore" (Xen's 2-level event-channel ABI through
shared_info and the upcall PPI of the /hypervisor node), one vCPU and 64 MiB each.

Under -icount shift=0,align=off,sleep=off like rows 3a and 3b: both sides wait in WFI
(vwfi=native, so a WFI halts the pCPU and QEMU goes straight to the next one), so the figure
counts the instructions of the send, the notification of the other pCPU, its upcall and the
way back, not QEMU's turns (unlike rows 3c and 3d, whose guest spins while it waits).
Placement: Tessera's null scheduler puts d1 on pCPU 0 and d2 on pCPU 1 (its console says
so). Debian's Xen has no null scheduler and no boot-time cpupools, so credit2 places the two
vCPUs itself among the 4 pCPUs; Xen's debug key 'q' shows where they ran.
"""
import re

from guestout import bench_lines
from machine import BASE_BOOTARGS, Boot, Domain, guest
from table import Result, Row, stats_result

RT_BOOTARGS = BASE_BOOTARGS + " vwfi=native"
ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}
PING_PORT, PONG_PORT = 5, 7
TIMEOUT = 600
DONE_RE = r"evtchn_ping: done"


def _domains(cfg):
    common = f"static=1 rounds={cfg.iters}"
    return [Domain("ping", guest("evtchn_ping"), memory_kib=64 * 1024, extra=ENHANCED,
                   bootargs=f"role=ping peer=2 port={PING_PORT} {common}",
                   evtchns=[(PING_PORT, "pong", PONG_PORT)]),
            Domain("pong", guest("evtchn_ping"), memory_kib=64 * 1024, extra=ENHANCED,
                   bootargs=f"role=pong peer=1 port={PONG_PORT} {common}",
                   evtchns=[(PONG_PORT, "ping", PING_PORT)])]


def _placement(hyp, text):
    """Where each domain's vCPU ran, as the hypervisor's console tells it, or ""."""
    if hyp.key == "tessera":
        found = re.findall(r"\(tessera\) (d[12]) \(\w+\): 1 vCPUs? on pCPU (\d+)", text)
        return ", ".join(f"{d} on pCPU {c}" for d, c in found)
    return ""


def _measure(cfg, hyp):
    try:
        with Boot(hyp, f"evtchn-icount-{hyp.key}", _domains(cfg), bootargs=RT_BOOTARGS,
                  icount=True, out=cfg.out) as b:
            b.wait_all([hyp.line_re(1, DONE_RE), hyp.line_re(2, DONE_RE)], TIMEOUT)
            cfg.schedulers.setdefault(hyp.key, b.scheduler())
            text, log = b.output, b.log_ref
    except RuntimeError as e:
        return Result.na(str(e))
    line = bench_lines(text, hyp.line_re(1, "")).get("evtchn_roundtrip")
    fails = re.findall(r"FAIL: evtchn_ping: [^\r\n]*", text)
    if fails:
        return Result.na(f"the guest says {fails[0]!r} [log {log}]")
    if line is None or line["iters"] < cfg.iters:
        return Result.na(f"no result line for {cfg.iters} round trips [log {log}]")
    r = stats_result(line)
    where = _placement(hyp, text)
    if where:
        r.text += f"; {where}"
        r.detail += f" {where}"
    return r


def rows(cfg, hyps):
    row = Row("4", "Event-channel round trip between two domains on different pCPUs (send, "
              "the peer's upcall sends back, the answer's upcall)",
              f"-icount shift=0 (ns = instructions); static channel d1:{PING_PORT} <-> "
              f"d2:{PONG_PORT} (xen,evtchn-v1), xen,enhanced = \"no-xenstore\", 1 vCPU each; "
              f"{cfg.iters} round trips timed with CNTVCT; \"{RT_BOOTARGS}\"", "ns")
    for hyp in hyps:
        row.results[hyp.key] = _measure(cfg, hyp)
    return [row]
