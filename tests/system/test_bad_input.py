# SPDX-License-Identifier: Apache-2.0
"""System tests of bad device-tree input: each gives one FATAL line, then Tessera halts."""
import pytest

from dtb import DeviceTree, broken_blob, random_blob
from fatal import boot_with_x0, expect_fatal
from qemu import BLOB_ADDR, dumped_dtb


def test_x0_zero(qemu, tmp_path):
    """A loader that passes 0 in x0 (no device tree) gets one clear error on the platform's
    default UART, then a halt.

    Proven by "(tessera) FATAL: no device tree: the loader passed 0 in x0", then
    "(tessera) Halted.", no summary, nothing more.

    Verifies: REQ-BOOT-005
    """
    console = boot_with_x0(qemu, tmp_path, x0=0)
    expect_fatal(console, "no device tree: the loader passed 0 in x0")


def test_x0_unaligned(qemu, tmp_path):
    """x0 that cannot be a device tree (not 8-byte aligned) is refused before it is read.

    Proven by "FATAL: no device tree: x0 = 0x4c000004 is not an 8-byte aligned RAM
    address", then "Halted.".

    Verifies: REQ-BOOT-005
    """
    x0 = BLOB_ADDR + 4
    console = boot_with_x0(qemu, tmp_path, x0=x0)
    expect_fatal(console, f"no device tree: x0 = {x0:#x} is not an 8-byte aligned RAM address")


def test_x0_random_bytes(qemu, tmp_path):
    """x0 pointing at random bytes: the magic is wrong, and the error shows what was found.

    Proven by "FATAL: device tree at 0x4c000000 is not valid: FDT_ERR_BADMAGIC (magic 0x<the
    blob's first word>)", then "Halted.".

    Verifies: REQ-BOOT-005
    """
    blob = random_blob(tmp_path / "random.bin")
    magic = int.from_bytes(blob.read_bytes()[:4], "big")
    console = boot_with_x0(qemu, tmp_path, x0=BLOB_ADDR, blob=blob)
    expect_fatal(console, f"device tree at {BLOB_ADDR:#x} is not valid: "
                          f"FDT_ERR_BADMAGIC (magic 0x{magic:08x})")


@pytest.mark.parametrize("how, error", [("bad-token", "FDT_ERR_BADSTRUCTURE"),
                                        ("strings-past-end", "FDT_ERR_TRUNCATED")])
def test_x0_broken_structure(qemu, tmp_path, how, error):
    """x0 pointing at a blob with the right magic but a broken structure (a tag that does
    not exist; a strings block past the end) is caught by the whole-tree check.

    Proven by "FATAL: device tree at 0x4c000000 is not valid: FDT_ERR_BADSTRUCTURE" (resp.
    FDT_ERR_TRUNCATED), then "Halted.".

    Verifies: REQ-BOOT-005
    """
    blob = broken_blob(dumped_dtb(), tmp_path / "broken.dtb", how)
    console = boot_with_x0(qemu, tmp_path, x0=BLOB_ADDR, blob=blob)
    expect_fatal(console, f"device tree at {BLOB_ADDR:#x} is not valid: {error}")


def test_no_memory_node(qemu, tmp_path):
    """A device tree with no node of device_type "memory" has no RAM. (QEMU puts
    device_type back into a -dtb it loads, so this tree goes in by -device loader and the
    shim passes its address.)

    Proven by 'FATAL: device tree: no RAM (no memory node with device_type = "memory")',
    then "Halted.".

    Verifies: REQ-BOOT-005
    """
    tree = DeviceTree(dumped_dtb(), tmp_path / "no-ram.dtb")
    tree.delete_property("/memory@40000000", "device_type")
    console = boot_with_x0(qemu, tmp_path, x0=BLOB_ADDR, blob=tree.path)
    expect_fatal(console, 'device tree: no RAM (no memory node with device_type = "memory")')


@pytest.mark.parametrize("bootargs, reason", [
    pytest.param("dtuart=serial9", "console: dtuart=serial9: no such device-tree node or alias",
                 id="alias-missing"),
    pytest.param("dtuart=/pl031@9010000",
                 'console: dtuart=/pl031@9010000: not a PL011 (compatible "arm,pl011") with a reg',
                 id="not-a-pl011"),
    pytest.param("loglvl=none dtuart=serial9",
                 "console: dtuart=serial9: no such device-tree node or alias",
                 id="alias-missing-loglvl-none"),
])
def test_bad_console(qemu, tmp_path, bootargs, reason):
    """dtuart= naming no node, or a node that is no PL011, is an error told on the best
    console available (the platform default UART); errors print even with loglvl=none.

    Proven by "FATAL: console: dtuart=serial9: no such device-tree node or alias" (resp.
    "... not a PL011 ..."), then "Halted.".

    Verifies: REQ-BOOT-005, REQ-BOOT-010
    """
    tree = DeviceTree(dumped_dtb(), tmp_path / "console.dtb")
    tree.set_bootargs(bootargs)
    console = qemu(dtb=tree.path)
    expect_fatal(console, reason)
