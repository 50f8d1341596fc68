# SPDX-License-Identifier: Apache-2.0
"""Bounded work and concurrent reboots (issue #10): domains rebuilt at the same time on
different pCPUs do not disturb each other."""
import gzip
import random
import re

from domains import Domain, boot_domains, guest
from qemu import STOP_MARKERS

REBOOTS = 10
PAD_BYTES = 2 * 1024 * 1024  # inflating takes a while, so two rebuilds overlap


def padded_gzip_kernel(tmp_path, name, seed):
    """The reboot guest's Image followed by 2 MiB of pseudo-random letters (its .bss clearing
    and its header's image_size make trailing bytes harmless), gzip-compressed: dynamic
    Huffman blocks whose inflating keeps the tables busy for the whole rebuild."""
    rng = random.Random(seed)
    pad = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz .,\n") for _ in range(PAD_BYTES))
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress(guest("reboot").read_bytes() + pad, compresslevel=6))
    return path


def test_two_domains_rebooting_at_once_are_both_rebuilt_every_time(qemu, tmp_path):
    """d1 and d2, each on a pCPU of its own and each loaded from its own gzip-compressed
    kernel, reboot themselves (PSCI SYSTEM_RESET) as soon as they are up, for ever, so their
    rebuilds (teardown, inflating, loading) run at the same time on different pCPUs.

    Proven by each domain printing "(dN) reboot: up" REBOOTS + 1 times (every rebuild
    succeeded and the domain ran again) with no "reboot failed" line on the console.

    Verifies: REQ-BOUND-001
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("r1", padded_gzip_kernel(tmp_path, "r1", 1)),
        Domain("r2", padded_gzip_kernel(tmp_path, "r2", 2))])
    ups = {"d1": 0, "d2": 0}
    while min(ups.values()) <= REBOOTS:
        m = console.expect_re(r"\((d[12])\) reboot: up on cpu", timeout=120,
                              fail_on=(*STOP_MARKERS, "reboot failed"))
        ups[m.group(1)] += 1
    out = console.output
    assert "reboot failed" not in out
    for d in (1, 2):
        rebooting = len(re.findall(rf"d{d} \(r{d}\): rebooting", out))
        assert rebooting >= REBOOTS, (d, rebooting)
