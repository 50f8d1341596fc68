# SPDX-License-Identifier: Apache-2.0
"""Row 1: boot time, wall clock, from QEMU's start to a domain's first output.

1a: a bare-metal domain (guests/tests/hello.c, 1 vCPU, 64 MiB): its first line, which is the
    guest runtime's banner (both hypervisors pass a domain's output on a line at a time).
1b: a Linux domain (Debian's arm64 Image and the busybox initramfs of scripts/fetch-linux.sh,
    2 vCPUs, 256 MiB, "console=ttyAMA0 rdinit=/init quiet"): "TESSERA-GUEST: /init reached".
Each is booted `runs` times, Tessera and Xen in turn, and the median shown, without -icount
(QEMU's multi-threaded TCG), so the figures include the host's noise.
"""
from machine import LINUX, Boot, Domain, guest
from table import Result, Row, median_result

HELLO_TIMEOUT = 120
LINUX_TIMEOUT = 300
LINUX_BOOTARGS = "console=ttyAMA0 rdinit=/init quiet"
INIT_MARKER = r"TESSERA-GUEST: /init reached"


def hello_domains():
    return [Domain("hello", guest("hello"), memory_kib=64 * 1024)]


def linux_domains():
    return [Domain("linux", LINUX / "Image", memory_kib=256 * 1024, cpus=2,
                   ramdisk=LINUX / "initramfs.cpio.gz", bootargs=LINUX_BOOTARGS)]


def _boot_once(cfg, hyp, name, domains, text_re, timeout):
    """Seconds from QEMU's start to the domain's line, or the error as a string."""
    try:
        with Boot(hyp, name, domains, out=cfg.out) as b:
            b.expect_domain(1, text_re, timeout)
            cfg.schedulers.setdefault(hyp.key, b.scheduler())
            return b.elapsed()
    except RuntimeError as e:
        return str(e)


def _median(cfg, outcomes):
    times = [t for t in outcomes if isinstance(t, float)]
    errors = [e for e in outcomes if isinstance(e, str)]
    if not times:
        return Result.na(errors[0] if errors else "not run")
    r = median_result(times)
    if errors:
        r.text += f" ({len(errors)} of {cfg.runs} runs failed: {errors[0]})"
    return r


def _boot_row(cfg, hyps, row, tag, domains, text_re, timeout):
    """Boots each hypervisor in turn, `runs` times: noise from the host falls on both alike."""
    outcomes = {hyp.key: [] for hyp in hyps}
    for i in range(cfg.runs):
        for hyp in hyps:
            outcomes[hyp.key].append(_boot_once(cfg, hyp, f"{tag}-{hyp.key}-{i + 1}",
                                                domains, text_re, timeout))
    for hyp in hyps:
        row.results[hyp.key] = _median(cfg, outcomes[hyp.key])


def rows(cfg, hyps):
    many = (f"median of {cfg.runs} boots, the two hypervisors in turn" if cfg.runs > 1
            else "1 boot")
    hello = Row("1a", "Boot: QEMU start to a bare-metal domain's first line (hello guest)",
                f"wall clock, no -icount, {many}; default options", "s")
    linux = Row("1b", "Boot: QEMU start to a Linux domain's /init (\"TESSERA-GUEST: /init "
                "reached\")", f"wall clock, no -icount, {many}; 2 vCPUs, 256 MiB, "
                f"\"{LINUX_BOOTARGS}\"", "s")
    _boot_row(cfg, hyps, hello, "boot-hello", hello_domains(), "", HELLO_TIMEOUT)
    if "1b" in cfg.skip:
        for hyp in hyps:
            linux.results[hyp.key] = Result.na("skipped by bench-short")
    else:
        _boot_row(cfg, hyps, linux, "boot-linux", linux_domains(), INIT_MARKER, LINUX_TIMEOUT)
    return [hello, linux]
