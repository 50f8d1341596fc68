# SPDX-License-Identifier: Apache-2.0
"""Row 6: the memory a hypervisor keeps, read from its own console after boot.

Both boot once with one and once with two hello domains of 64 MiB and 1 vCPU (the same boot
module for both), and print their free memory on the debug key 'm' (Tessera: "RAM .. KiB,
free .. KiB, ..."; Xen: "Xen heap: ..kB free" and "Dom heap: ..kB free"). Then
  per-domain overhead = free(1 domain) - free(2 domains) - 64 MiB
  kept by the hypervisor = RAM - free(1 domain) - 64 MiB - per-domain overhead
(Xen cannot boot with no domain at all without a dom0; Tessera can, and its figure with none
is in the detail.) The hypervisor's share includes the boot module it keeps (Tessera keeps a
domain's modules to rebuild it on reboot; the hello module takes one 2 MiB-aligned slot).
"""
import re

from machine import MACHINE, Boot, Domain, guest
from table import Result, Row, fmt_num

DOMAIN_KIB = 64 * 1024
TIMEOUT = 120
TESSERA_M_RE = (r"RAM (\d+) KiB, free (\d+) KiB, page metadata (\d+) KiB, "
                r"page-table pages (\d+)\r*\n")
XEN_M_RE = r"Dom heap: (\d+)kB free"
XEN_HEAP_RE = r"Xen heap: (\d+)kB free"
TESSERA_BOOT_DONE = "'h' lists debug keys."


def _domains(n):
    return [Domain(f"hello{i + 1}", guest("hello"), memory_kib=DOMAIN_KIB) for i in range(n)]


def _free_kib(cfg, hyp, n):
    """(free KiB, detail) after booting n hello domains."""
    with Boot(hyp, f"memory-{n}dom-{hyp.key}", _domains(n), out=cfg.out) as b:
        if n == 0:
            b.expect_re(re.escape(TESSERA_BOOT_DONE), TIMEOUT)
        b.wait_all([hyp.line_re(d, "hello: done") for d in range(1, n + 1)], TIMEOUT)
        cfg.schedulers.setdefault(hyp.key, b.scheduler())
        if hyp.key == "tessera":
            m = b.debug_key("m", TESSERA_M_RE)
            return int(m.group(2)), (f"{n} domain(s): free {m.group(2)} KiB, page metadata "
                                     f"{m.group(3)} KiB, page-table pages {m.group(4)}")
        dom = int(b.debug_key("m", XEN_M_RE).group(1))
        heap = re.findall(XEN_HEAP_RE, b.output)
        xen = int(heap[-1]) if heap else 0
        return dom + xen, f"{n} domain(s): Xen heap {xen} kB + Dom heap {dom} kB free"


def _measure(cfg, hyp):
    ram_kib = MACHINE.ram_mib * 1024
    free1, d1 = _free_kib(cfg, hyp, 1)
    free2, d2 = _free_kib(cfg, hyp, 2)
    per_domain = free1 - free2 - DOMAIN_KIB
    own = ram_kib - free1 - DOMAIN_KIB - per_domain
    detail = f"{d1}; {d2}"
    if hyp.key == "tessera":
        free0, d0 = _free_kib(cfg, hyp, 0)
        detail = f"{d0} (kept: {ram_kib - free0} KiB); {detail}"
    return own, per_domain, detail


def rows(cfg, hyps):
    method = ("free memory from the debug key 'm' with 1 and with 2 hello domains (64 MiB, "
              "1 vCPU each); RAM 2 GiB")
    own = Row("6a", "Memory the hypervisor keeps for itself after boot", method, "KiB")
    per = Row("6b", "Per-domain overhead beyond the domain's RAM (page tables, vCPU state...)",
              method + "; difference of the two", "KiB")
    for hyp in hyps:
        try:
            kept, per_domain, detail = _measure(cfg, hyp)
        except RuntimeError as e:
            own.results[hyp.key] = per.results[hyp.key] = Result.na(str(e))
            continue
        own.results[hyp.key] = Result(kept, f"{fmt_num(kept)} KiB ({kept / 1024:.1f} MiB)",
                                      detail)
        per.results[hyp.key] = Result(per_domain, f"{fmt_num(per_domain)} KiB", detail)
    return [own, per]
