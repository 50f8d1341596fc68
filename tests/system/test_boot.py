# SPDX-License-Identifier: Apache-2.0
"""System tests of a good boot: the summary on every machine configuration, and booting from
other load addresses, through the shim and through U-Boot."""
import re

import pytest

from dtb import DeviceTree
from qemu import (DEFAULT_IMAGE_ADDR, IMAGE, PREFIX, TOP, UBOOT, Machine, dumped_dtb,
                  require_built)
from shim import make_shim


def matrix():
    for gic in (2, 3):
        for cpu in ("cortex-a57", "cortex-a53"):
            for smp in (1, 4):
                machine = Machine(gic=gic, cpu=cpu, smp=smp)
                yield pytest.param(machine, id=str(machine))


def tessera_version():
    m = re.search(r"^VERSION\s*:=\s*(\S+)", (TOP / "Makefile").read_text(), re.M)
    return m.group(1)


def check_summary(summary, machine):
    """The summary fields every good boot on `machine` must show."""
    n = machine.smp
    assert summary["pCPUs"] == f"{n} online of {n} (IPIs answered by {n})"
    assert summary["GIC"] == f"v{machine.gic}, 288 lines, maintenance interrupt 25"
    assert summary["timer"] == "62500 kHz, hypervisor timer interrupt 26 ok"
    found, free = map(int, re.fullmatch(r"(\d+) MiB found, (\d+) MiB free",
                                        summary["RAM"]).groups())
    assert found == machine.ram_mib
    # Free is RAM less Tessera, the device tree and the page metadata: a few MiB.
    assert found - 32 < free < found


def test_kernel_default_boot(qemu):
    """Loaded by QEMU -kernel (its default address, RAM + 2 MiB), Tessera runs at EL2 and
    prints its banner and the whole boot summary.

    Proven by: "Tessera <version> (<rev>): Arm64 type-1 hypervisor", "running at EL2, image at
    0x40200000", and the summary's version, pCPUs, RAM, GIC, timer, modules, scheduler and
    "boot time: N us from entry to summary" lines, then "No domains configured: idling."

    Verifies: REQ-BOOT-001, REQ-BOOT-002
    """
    machine = Machine()
    console = qemu(machine=machine)
    banner = console.expect_re(r"Tessera (\S+) \((\w+)\): Arm64 type-1 hypervisor")
    assert banner.group(1) == tessera_version()
    console.expect(f"platform qemu-virt, running at EL2, image at {DEFAULT_IMAGE_ADDR:#x}")
    summary = console.expect_boot()
    assert summary["version"] == tessera_version()
    check_summary(summary, machine)
    assert summary["modules"] == "0"
    assert summary["scheduler"] == "null, vwfi=trap"
    assert re.fullmatch(r"\d+ us from entry to summary", summary["boot time"])
    assert PREFIX + "No domains configured: idling." in console.output


@pytest.mark.parametrize("machine", list(matrix()))
def test_boot_matrix(qemu, machine):
    """Tessera boots on GICv2 and GICv3, Cortex-A57 and Cortex-A53, 1 and 4 pCPUs, bringing
    every pCPU online through PSCI and getting an answer to an IPI from each.

    Proven by the summary: "pCPUs: N online of N (IPIs answered by N)", "GIC: vX, 288 lines",
    "RAM: 2048 MiB found", "timer: 62500 kHz, hypervisor timer interrupt 26 ok", then
    "No domains configured: idling."

    Verifies: REQ-BOOT-001, REQ-BOOT-003, REQ-BOOT-004
    """
    console = qemu(machine=machine)
    summary = console.expect_boot()
    check_summary(summary, machine)
    assert PREFIX + "No domains configured: idling." in console.output


@pytest.mark.parametrize("gic", [2, 3])
def test_eight_cpus(qemu, gic):
    """Eight pCPUs, the most REQ-BOOT-004 names, all come online and answer an IPI, with
    either GIC.

    Proven by "pCPUs: 8 online of 8 (IPIs answered by 8)" and "GIC: vX".

    Verifies: REQ-BOOT-004, REQ-BOOT-003
    """
    machine = Machine(gic=gic, smp=8)
    console = qemu(machine=machine)
    check_summary(console.expect_boot(), machine)


def test_cpu_that_does_not_start(qemu, tmp_path):
    """A CPU listed in /cpus that PSCI cannot start (MPIDR 0x100, which the machine does not
    have) is named on the console, and the other CPUs come online.

    Proven by "(tessera) WARNING: pCPU n (MPIDR 0x100) did not start: PSCI CPU_ON failed: ..."
    and the summary's
    "pCPUs: 4 online of 5 (IPIs answered by 4)".

    Verifies: REQ-BOOT-004
    """
    tree = DeviceTree(dumped_dtb(), tmp_path / "cpus.dtb")
    tree.add_cpu(0x100)
    console = qemu(dtb=tree.path)
    console.expect_re(re.escape(PREFIX) + r"WARNING: pCPU \d+ \(MPIDR 0x100\) did not start: "
                      r"PSCI CPU_ON failed: \w+")
    summary = console.expect_boot()
    assert summary["pCPUs"] == "4 online of 5 (IPIs answered by 4)"
    assert PREFIX + "No domains configured: idling." in console.output


@pytest.mark.parametrize("address", [0x50000000, 0x7FE00000, 0xBFE00000], ids=hex)
def test_boot_from_load_address(qemu, tmp_path, address):
    """Tessera runs from 2 MiB-aligned load addresses other than QEMU's default: the shim,
    booted by -kernel, enters it where -device loader put it (0xbfe00000 is the last 2 MiB
    of RAM), with the MMU off at EL2 and the device tree in x0.

    Proven by "image at <address>" and a complete summary.

    Verifies: REQ-BOOT-002
    """
    machine = Machine()
    shim = make_shim(tmp_path / "shim.bin", target=address)
    console = qemu(machine=machine, kernel=shim, loaders=[(IMAGE, address)])
    console.expect(f"running at EL2, image at {address:#x}")
    check_summary(console.expect_boot(), machine)


UBOOT_ADDR = 0x60200000


def test_boot_from_uboot(qemu):
    """A real loader: Debian's U-Boot (qemu_arm64) boots Tessera with `booti` from where it
    was placed, 0x60200000, passing its own control device tree; the Image header's flags
    (placeable anywhere) mean U-Boot runs it there instead of moving it.

    Proven by U-Boot's "Starting kernel ...", then "running at EL2, image at 0x60200000" and a
    complete summary; U-Boot's "Moving Image" never appears.

    Verifies: REQ-BOOT-002, REQ-BOOT-001
    """
    require_built(UBOOT)
    machine = Machine()
    console = qemu(machine=machine, kernel=None, bios=UBOOT,
                   loaders=[(IMAGE, UBOOT_ADDR)])
    console.expect("Hit any key to stop autoboot")
    console.send(" ")
    console.expect("=> ")
    console.send(f"booti {UBOOT_ADDR:#x} - ${{fdtcontroladdr}}\r")
    console.expect("Starting kernel ...")
    console.expect(f"running at EL2, image at {UBOOT_ADDR:#x}")
    check_summary(console.expect_boot(), machine)
    assert "Moving Image" not in console.output
