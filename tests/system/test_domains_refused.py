# SPDX-License-Identifier: Apache-2.0
"""Bad domain configurations: each is refused with one line naming its node and the reason,
and the good domain beside them boots."""
import re

from domains import Domain, boot_domains, guest, host_tree
from dtb import DeviceTree, random_blob
from qemu import DEFAULT_IMAGE_ADDR, PREFIX, Machine, image_size

REFUSED = "(tessera) dom0less: /chosen/{}: refused: "


def test_bad_domains_are_refused_and_the_good_one_boots(qemu, tmp_path):
    """Nine broken xen,domain nodes next to one good one: no kernel module, a kernel that is
    not an arm64 Image, more memory than is free, cpus = 0, more vCPUs than free pCPUs, two
    whose kernel modules partly overlap each other (both refused), one over Tessera, and one
    asking for static memory, which Tessera does not build yet (never silently ignored).

    Proven by one "dom0less: /chosen/<node>: refused: <reason>" line per bad node, and the
    good domain's "PASS: hello" line under "(d1)".

    Verifies: REQ-DOM-001, REQ-DOM-003, REQ-DOM-030, REQ-DOM-052
    """
    hello = guest("hello")
    blob = random_blob(tmp_path / "not-an-image.bin", size=8192, seed=7)
    domains = [
        Domain("good", hello),
        Domain("nokernel", None),
        Domain("notimage", blob),
        Domain("toobig", hello, memory_kib=4 * 1024 * 1024),
        Domain("zerocpus", hello, cpus=0),
        Domain("manycpus", hello, cpus=8),
        Domain("overlap1", hello, kernel_at=0x5f000000, kernel_size=0x10000),
        Domain("overlap2", hello, kernel_at=0x5f008000, kernel_size=0x10000),
        Domain("overtessera", hello, kernel_at=DEFAULT_IMAGE_ADDR + image_size() - 0x1000,
               kernel_size=0x10000),
        Domain("staticmem", hello, extra={
            "xen,static-mem": ("x", "0", "60000000", "0", "4000000")}),
    ]
    console = boot_domains(qemu, tmp_path, domains)
    out = console.output
    reasons = {
        "nokernel": "kernel",
        "notimage": "not an arm64 Image",
        "toobig": "memory",
        "zerocpus": "cpus",
        "manycpus": "cpus = 8 but only 3 pCPUs are free",
        "overlap1": "partly overlaps boot module /chosen/overlap2/kernel",
        "overlap2": "partly overlaps boot module /chosen/overlap1/kernel",
        "overtessera": "overlaps Tessera",
        "staticmem": "xen,static-mem is not supported by Tessera yet",
    }
    for node, why in reasons.items():
        lines = [l for l in out.splitlines() if l.startswith(REFUSED.format(node))]
        assert len(lines) == 1, f"{node}: {lines}"
        assert why in lines[0], lines[0]
    assert "d1 (good): 1 vCPU" in out
    console.expect("(d1) PASS: hello: booted with 64 MiB and 1 CPU(s)")


def test_domain_refused_for_a_pcpu_that_did_not_start(qemu, tmp_path):
    """A pCPU listed in /cpus that does not start (MPIDR 0x100, which the machine does not
    have) is reported loudly, and a domain that needed it is refused saying so, not just
    "not enough pCPUs"; the summary says that no domain started and why.

    Proven by "WARNING: pCPU N (MPIDR 0x100) did not start: PSCI CPU_ON failed: ...", the
    refusal "cpus = 5 but only 4 pCPUs are free (...): pCPU N did not start" and
    "No domain started: 1 refused".

    Verifies: REQ-ROBUST-001, REQ-ROBUST-002
    """
    machine = Machine()
    dtb, loaders = host_tree(tmp_path, [Domain("wide", guest("hello"), cpus=5)], machine)
    tree = DeviceTree(dtb, tmp_path / "cpus.dtb")
    tree.add_cpu(0x100)
    console = qemu(machine=machine, dtb=tree.path, loaders=loaders)
    lost = console.expect_re(re.escape(PREFIX) + r"WARNING: pCPU (\d+) \(MPIDR 0x100\) did "
                             r"not start: PSCI CPU_ON failed: \w+").group(1)
    summary = console.expect_boot()
    assert summary["pCPUs"] == "4 online of 5 (IPIs answered by 4)"
    line = [l for l in console.output.splitlines() if l.startswith(REFUSED.format("wide"))]
    assert len(line) == 1, line
    assert "cpus = 5 but only 4 pCPUs are free" in line[0]
    assert line[0].endswith(f": pCPU {lost} did not start"), line[0]
    assert PREFIX + "No domain started: 1 refused" in console.output
    assert "No domains configured" not in console.output


def test_boot_summary_counts_refused_domains(qemu, tmp_path):
    """When every domain is refused (here one asking for more memory than the machine has),
    the boot does not end saying that none was configured.

    Proven by the refusal line "memory = 4194304 KiB but only ... KiB are free", then
    "No domain started: 1 refused", and no "No domains configured".

    Verifies: REQ-ROBUST-002
    """
    console = boot_domains(qemu, tmp_path, [Domain("toobig", guest("hello"),
                                                   memory_kib=4 * 1024 * 1024)])
    out = console.output
    assert REFUSED.format("toobig") + "memory = 4194304 KiB but only " in out
    assert PREFIX + "No domain started: 1 refused" in out
    assert "No domains configured" not in out
