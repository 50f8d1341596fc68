# SPDX-License-Identifier: Apache-2.0
"""System tests of the boot-module checks: /chosen multiboot,module nodes (Xen's dom0less
binding) that overlap Tessera, the device tree or each other, or lie outside RAM."""
import pytest

from dtb import DeviceTree, totalsize
from fatal import boot_with_x0, expect_fatal
from qemu import BLOB_ADDR, DEFAULT_IMAGE_ADDR, PREFIX, dumped_dtb, image_size

MIB = 1 << 20
# Clear of Tessera (RAM + 2 MiB) and of the device tree QEMU places at RAM + 128 MiB.
MODULE_ADDR = 0x49000000
RAM_END = 0xC0000000  # 2 GiB from 0x40000000


def span(start, size):
    return f"[{start:#x}-{start + size:#x})"


def tessera_span():
    return span(DEFAULT_IMAGE_ADDR, image_size())


def test_module_overlaps_tessera(qemu, tmp_path):
    """A domain's kernel module (nested: /chosen/dom1/kernel) whose range runs into the end
    of Tessera's image (its .bss included) is refused, naming both regions.

    Proven by "FATAL: boot module /chosen/dom1/kernel [0x40231000-0x40241000) overlaps
    Tessera image [0x40200000-<end>)", then "Halted.".

    Verifies: REQ-BOOT-006
    """
    start, size = DEFAULT_IMAGE_ADDR + image_size() - 0xC000, 0x10000
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    tree.add_module("/chosen/dom1/kernel", start, size, kernel=True)
    console = qemu(dtb=tree.path)
    expect_fatal(console, f"boot module /chosen/dom1/kernel {span(start, size)} overlaps "
                          f"Tessera image {tessera_span()}")


def test_modules_partly_overlap(qemu, tmp_path):
    """Two modules whose ranges partly overlap are refused, naming both: the one later in
    device-tree order first.

    Proven by "FATAL: boot module /chosen/b [0x49100000-0x49300000) partly overlaps boot
    module /chosen/a [0x49000000-0x49200000)" (a before b in the tree), then "Halted.".

    Verifies: REQ-BOOT-006
    """
    regions = {"a": (MODULE_ADDR, 2 * MIB), "b": (MODULE_ADDR + MIB, 2 * MIB)}
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    # fdtput puts a new node before its siblings: add b first for the order a, b.
    tree.add_module("/chosen/b", *regions["b"])
    tree.add_module("/chosen/a", *regions["a"], kernel=True)
    assert [n for n in tree.subnodes("/chosen") if n in regions] == ["a", "b"]
    console = qemu(dtb=tree.path)
    expect_fatal(console, f"boot module /chosen/b {span(*regions['b'])} partly overlaps "
                          f"boot module /chosen/a {span(*regions['a'])}")


@pytest.mark.parametrize("bootargs", ["", "loglvl=none"], ids=["default", "loglvl-none"])
def test_module_outside_ram(qemu, tmp_path, bootargs):
    """A module that runs past the end of RAM is refused; the error prints even with
    loglvl=none.

    Proven by "FATAL: boot module /chosen/m [0xbffff000-0xc0001000) is not inside RAM",
    then "Halted.".

    Verifies: REQ-BOOT-006, REQ-BOOT-010
    """
    start, size = RAM_END - 0x1000, 0x2000
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    tree.add_module("/chosen/m", start, size)
    if bootargs:
        tree.set_bootargs(bootargs)
    console = qemu(dtb=tree.path)
    expect_fatal(console, f"boot module /chosen/m {span(start, size)} is not inside RAM")


def test_module_empty(qemu, tmp_path):
    """A module of size 0 is refused.

    Proven by "FATAL: boot module /chosen/m [0x49000000-0x49000000) is empty", then
    "Halted.".

    Verifies: REQ-BOOT-006
    """
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    tree.add_module("/chosen/m", MODULE_ADDR, 0)
    console = qemu(dtb=tree.path)
    expect_fatal(console, f"boot module /chosen/m {span(MODULE_ADDR, 0)} is empty")


def test_module_overlaps_device_tree(qemu, tmp_path):
    """A module over the device tree itself is refused. The tree goes in by -device loader
    at a known address (0x4c000000) and the shim passes it in x0.

    Proven by "FATAL: boot module /chosen/m [0x4c001000-0x4c002000) overlaps device tree
    blob [0x4c000000-<end>)", then "Halted.".

    Verifies: REQ-BOOT-006
    """
    start, size = BLOB_ADDR + 0x1000, 0x1000
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    tree.add_module("/chosen/m", start, size)
    blob_size = totalsize(tree.path)
    console = boot_with_x0(qemu, tmp_path, x0=BLOB_ADDR, blob=tree.path)
    expect_fatal(console, f"boot module /chosen/m {span(start, size)} overlaps device tree "
                          f"blob {span(BLOB_ADDR, blob_size)}")


def test_identical_modules_accepted(qemu, tmp_path):
    """Two domains naming the very same module region (one kernel for both) is accepted: the
    boot goes on and counts both modules. The module's bytes are placed by -device loader.

    Proven by the summary line "modules:   2" and "No domains configured: idling.".

    Verifies: REQ-BOOT-006
    """
    payload = tmp_path / "kernel.bin"
    payload.write_bytes(bytes(range(256)) * 64)
    size = payload.stat().st_size
    tree = DeviceTree(dumped_dtb(), tmp_path / "modules.dtb")
    tree.add_module("/chosen/dom1/kernel", MODULE_ADDR, size, kernel=True)
    tree.add_module("/chosen/dom2/kernel", MODULE_ADDR, size, kernel=True)
    console = qemu(dtb=tree.path, loaders=[(payload, MODULE_ADDR)])
    summary = console.expect_boot()
    assert summary["modules"] == "2"
    assert PREFIX + "No domains configured: idling." in console.output
