# SPDX-License-Identifier: Apache-2.0
"""Device trees for the system tests: per-test copies of QEMU's own, edited with fdtput, and
deliberately broken blobs."""
import random
import shutil
import subprocess
from pathlib import Path

FDT_MAGIC = 0xD00DFEED


def fdtget(dtb, node, prop, kind="s"):
    out = subprocess.run(["fdtget", "-t", kind, str(dtb), node, prop], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


def has_property(dtb, node, prop):
    r = subprocess.run(["fdtget", str(dtb), node, prop], capture_output=True)
    return r.returncode == 0


def _cells(value):
    """A 64-bit number as two 32-bit cells, high first."""
    return [f"{value >> 32:x}", f"{value & 0xFFFFFFFF:x}"]


class DeviceTree:
    """A copy of a device tree blob that a test edits before booting with it."""

    def __init__(self, base, path):
        self.path = Path(path)
        shutil.copyfile(base, self.path)

    def fdtput(self, *args):
        subprocess.run(["fdtput", str(self.path), *args], check=True, capture_output=True)

    def get(self, node, prop, kind="s"):
        return fdtget(self.path, node, prop, kind)

    def subnodes(self, node):
        out = subprocess.run(["fdtget", "-l", str(self.path), node], check=True,
                             capture_output=True, text=True)
        return out.stdout.split()

    def set_bootargs(self, args):
        """/chosen/xen,xen-bootargs, where Tessera reads its options."""
        self.fdtput("-t", "s", "/chosen", "xen,xen-bootargs", args)

    def delete_property(self, node, prop):
        self.fdtput("-d", node, prop)

    def add_module(self, node, start, size, kernel=False):
        """A boot module node (Xen's dom0less binding) at `node` under /chosen, any depth,
        with reg = <start size> in two cells each; parents get #address-cells = #size-cells
        = <2>. Parents are plain nodes, not "xen,domain" ones: these trees test the module
        checks, not building domains (which needs memory, cpus and a kernel)."""
        assert node.startswith("/chosen/"), node
        parts = node.split("/")[2:]
        parent = "/chosen"
        for name in parts[:-1]:
            self._set_cells(parent)
            parent = f"{parent}/{name}"
            self.fdtput("-c", "-p", parent)
        self._set_cells(parent)
        self.fdtput("-c", "-p", node)
        compatible = ["multiboot,kernel", "multiboot,module"] if kernel else [
            "multiboot,ramdisk", "multiboot,module"]
        self.fdtput("-t", "s", node, "compatible", *compatible)
        self.fdtput("-t", "x", node, "reg", *_cells(start), *_cells(size))

    def add_cpu(self, mpidr, compatible="arm,cortex-a57"):
        """A /cpus entry started by PSCI, for a CPU the machine may not have."""
        node = f"/cpus/cpu@{mpidr:x}"
        self.fdtput("-c", node)
        self.fdtput("-t", "s", node, "device_type", "cpu")
        self.fdtput("-t", "s", node, "compatible", compatible)
        self.fdtput("-t", "s", node, "enable-method", "psci")
        self.fdtput("-t", "x", node, "reg", f"{mpidr:x}")

    def _set_cells(self, node):
        self.fdtput("-t", "x", node, "#address-cells", "2")
        self.fdtput("-t", "x", node, "#size-cells", "2")


def random_blob(path, size=4096, seed=1):
    """Random bytes (reproducible), never starting with the device-tree magic."""
    data = bytearray(random.Random(seed).randbytes(size))
    if int.from_bytes(data[:4], "big") == FDT_MAGIC:
        data[0] ^= 0xFF
    Path(path).write_bytes(bytes(data))
    return Path(path)


def _header_word(data, offset):
    return int.from_bytes(data[offset:offset + 4], "big")


def _set_header_word(data, offset, value):
    data[offset:offset + 4] = value.to_bytes(4, "big")


# Offsets in struct fdt_header (Devicetree Specification 5.2).
TOTALSIZE, OFF_DT_STRUCT, OFF_DT_STRINGS = 4, 8, 12
FDT_BEGIN_NODE = 1


def totalsize(dtb):
    """The blob's size from its header, what Tessera reserves for it."""
    return _header_word(Path(dtb).read_bytes(), TOTALSIZE)


def broken_blob(base, path, how):
    """A copy of a good blob with the right magic but a broken structure:
    "bad-token": the root node's FDT_BEGIN_NODE replaced by a tag that does not exist;
    "strings-past-end": the strings block moved beyond the blob's total size."""
    data = bytearray(Path(base).read_bytes())
    assert _header_word(data, 0) == FDT_MAGIC
    if how == "bad-token":
        struct = _header_word(data, OFF_DT_STRUCT)
        assert _header_word(data, struct) == FDT_BEGIN_NODE
        _set_header_word(data, struct, 0x0BADF00D)
    elif how == "strings-past-end":
        _set_header_word(data, OFF_DT_STRINGS, _header_word(data, TOTALSIZE))
    else:
        raise ValueError(how)
    Path(path).write_bytes(bytes(data))
    return Path(path)
