# SPDX-License-Identifier: Apache-2.0
"""Host device trees with dom0less domains (Xen's binding: /chosen xen,domain nodes), and the
guest files they load. Each Domain names its kernel (and ramdisk) by file; `layout()` places
every distinct file once in the machine's RAM above Tessera and the device tree, as U-Boot
or ImageBuilder would, and returns QEMU loader arguments."""
import os
from dataclasses import dataclass, field
from pathlib import Path

from dtb import DeviceTree
from qemu import BUILD, Machine, dumped_dtb

GUESTS = BUILD / "guests"
LINUX = BUILD / "linux"
LOAD_BASE = 0x50000000  # above Tessera (0x40200000) and QEMU's DTB (0x48000000)
ALIGN = 0x200000


def guest(name):
    return GUESTS / f"{name}.bin"


@dataclass
class Domain:
    name: str
    kernel: Path
    memory_kib: int = 64 * 1024
    cpus: int = 1
    vpl011: bool = True
    bootargs: str = ""
    ramdisk: Path = None
    extra: dict = field(default_factory=dict)  # property -> ("s"|"x", values...)
    kernel_at: int = None      # force an address (to make modules overlap), else laid out
    kernel_size: int = None


def _cells(value):
    return [f"{value >> 32:x}", f"{value & 0xffffffff:x}"]


def host_tree(tmp_path, domains, machine=Machine(), bootargs="console=dtuart sched=null"):
    """Writes the host DTB; returns (dtb path, loaders for qemu_command)."""
    tree = DeviceTree(dumped_dtb(machine), tmp_path / "host.dtb")
    tree.fdtput("-t", "x", "/chosen", "#address-cells", "2")
    tree.fdtput("-t", "x", "/chosen", "#size-cells", "2")
    tree.set_bootargs(bootargs)
    placed, loaders, at = {}, [], LOAD_BASE

    def place(path):
        nonlocal at
        if path not in placed:
            placed[path] = at
            loaders.append((path, at))
            at += (os.path.getsize(path) + ALIGN - 1) // ALIGN * ALIGN
        return placed[path]

    # fdtput -c puts a new node before its siblings: create the last first, so that /chosen
    # order (which gives domain ids) is the list's order.
    for d in reversed(domains):
        node = f"/chosen/{d.name}"
        tree.fdtput("-c", node)
        tree.fdtput("-t", "s", node, "compatible", "xen,domain")
        tree.fdtput("-t", "x", node, "#address-cells", "2")
        tree.fdtput("-t", "x", node, "#size-cells", "2")
        tree.fdtput("-t", "x", node, "memory", *_cells(d.memory_kib))
        tree.fdtput("-t", "x", node, "cpus", f"{d.cpus:x}")
        if d.vpl011:
            tree.fdtput("-t", "s", node, "vpl011", "")
        for prop, (kind, *values) in d.extra.items():
            tree.fdtput("-t", kind, node, prop, *values)
        if d.kernel is not None:
            # A forced address only declares the module (for overlap tests): nothing is
            # loaded there, so QEMU's loaders never collide.
            start = d.kernel_at if d.kernel_at is not None else place(d.kernel)
            size = d.kernel_size or os.path.getsize(d.kernel)
            _module(tree, f"{node}/kernel", start, size, "multiboot,kernel", d.bootargs)
        if d.ramdisk is not None:
            _module(tree, f"{node}/ramdisk", place(d.ramdisk), os.path.getsize(d.ramdisk),
                    "multiboot,ramdisk", "")
    return tree.path, loaders


def _module(tree, node, start, size, kind, bootargs):
    tree.fdtput("-c", node)
    tree.fdtput("-t", "s", node, "compatible", kind, "multiboot,module")
    tree.fdtput("-t", "x", node, "reg", *_cells(start), *_cells(size))
    if bootargs:
        tree.fdtput("-t", "s", node, "bootargs", bootargs)


def static_evtchn(tmp_path, dtb, a, b):
    """Adds a static event channel to host tree dtb (Xen's binding: a xen,evtchn-v1 child of
    each xen,domain node, xen,evtchn = <local-port &peer-node>) between a = (domain name,
    port) and b; returns the new tree's path."""
    tree = DeviceTree(dtb, tmp_path / "host-evtchn.dtb")
    ends = ((a, 0xfee1, 0xfee2), (b, 0xfee2, 0xfee1))
    for (name, port), phandle, other in ends:
        node = f"/chosen/{name}/evtchn@{port:x}"
        tree.fdtput("-c", node)
        tree.fdtput("-t", "s", node, "compatible", "xen,evtchn-v1")
        tree.fdtput("-t", "x", node, "phandle", f"{phandle:x}")
        tree.fdtput("-t", "x", node, "xen,evtchn", f"{port:x}", f"{other:x}")
    return tree.path


def boot_domains(qemu, tmp_path, domains, machine=Machine(), **kw):
    """Boots Tessera with these domains; returns the Console once Tessera has started them."""
    dtb, loaders = host_tree(tmp_path, domains, machine, **kw)
    console = qemu(machine=machine, dtb=dtb, loaders=loaders)
    console.expect_boot()
    return console
