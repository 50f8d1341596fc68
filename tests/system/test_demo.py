# SPDX-License-Identifier: Apache-2.0
"""The demo `make run` boots: examples/demo.cfg as it is checked in (two Debian Linux domains
and a bare-metal real-time domain reporting its timer-interrupt latency every second), through
tessera-imagebuilder, booted by the qemu.sh it writes and by Debian's U-Boot running the boot
script it writes."""
import pytest

from imagebuilder import (UBOOT_TIMEOUT, boot_from_uboot, check_latency_lines, demo_files,
                          example, latency_re, make_root, run_tool, wait_all)
from qemu import IMAGE, STOP_MARKERS, Machine

LINUX_TIMEOUT = 300


def demo_root(tmp_path, *args):
    """A root folder for examples/demo.cfg: its build/ holds this build's files and QEMU virt's
    dumped tree (as `make build/virt-gicv3.dtb` writes it); the configuration is run there."""
    files = demo_files("build/tessera.bin", IMAGE, Machine())
    root = make_root(tmp_path / "root", files)
    return root, run_tool(root, example("demo.cfg"), *args, name="demo.cfg")


def expect_demo(console, timeout):
    """Tessera builds the three domains as configured, both Linux domains reach /init and the
    latency domain prints two per-second lines."""
    wait_all(console, [
        r"\(tessera\) d1 \(linux1\): 2 vCPUs on pCPU 0,1, 256 MiB",
        r"\(tessera\) d2 \(linux2\): 1 vCPU on pCPU 2, 256 MiB",
        r"\(tessera\) d3 \(latency\): 1 vCPU on pCPU 3, 16 MiB",
        r"\(d1\) TESSERA-GUEST: /init reached",
        r"\(d2\) TESSERA-GUEST: /init reached",
        r"\(d1\) TESSERA-GUEST: cpus online: 0-1 nproc=2",
        r"\(d3\) latency: every second, period_us=1000",
        latency_re(r"\(d3\) ", second="2"),
    ], timeout, fail_on=STOP_MARKERS)
    check_latency_lines(console.output, r"\(d3\) ", 2)


def test_demo_config_boots_through_qemu_sh(console_of, tmp_path):
    """examples/demo.cfg, unchanged, through the tool and the qemu.sh it writes (what `make
    run` does): both Linux domains reach /init (d1 with its 2 vCPUs online), and the latency
    domain prints a line a second with sane numbers; the kernel and initramfs both Linux
    domains name are loaded once.

    Proven by Tessera's three domain lines, "(d1) TESSERA-GUEST: /init reached", the same for
    d2, and at least two "(d3) latency: second N: samples=.. min_ns=.. mean_ns=.. max_ns=..
    early=0" lines with 1 <= samples <= 1000 and min <= mean <= max < 1 s.

    Verifies: REQ-IMG-005, REQ-GUEST-002, REQ-IMG-002
    """
    root, commands = demo_root(tmp_path)
    source = (root / "out" / "boot.source").read_text()
    assert source.count("build/linux/Image\n") == 1, source
    assert source.count("build/linux/initramfs.cpio.gz\n") == 1, source
    console = console_of(["/bin/sh", commands["QEMU"]])
    expect_demo(console, LINUX_TIMEOUT)


@pytest.mark.parametrize("via,load", [("disk", "load virtio 0:1"), ("tftp", "tftpb")])
def test_demo_config_boots_through_uboot(console_of, tmp_path, via, load):
    """The same configuration through Debian's U-Boot (qemu_arm64 as -bios, at EL2), as the
    README shows: it runs the generated boot.scr from a virtio disk holding the root folder
    (LOAD_CMD "load virtio 0:1", as the file says) or from QEMU's TFTP server (-t tftp), which
    loads Tessera, the shared Linux kernel and initramfs, the latency guest and the tree, and
    boots Tessera with booti into the two Linux domains and the latency domain.

    Proven by U-Boot's "## Executing script at 40200000", "Starting kernel ...", "running at
    EL2, image at 0x40400000", then what the qemu.sh boot shows.

    Verifies: REQ-IMG-003, REQ-IMG-005
    """
    machine = Machine()
    root, commands = demo_root(tmp_path, *(["-t", "tftp"] if via == "tftp" else []))
    assert commands["U-Boot"] == f"{load} 0x40200000 out/boot.scr; source 0x40200000", commands
    console = boot_from_uboot(console_of, root, machine, commands["U-Boot"], via=via)
    console.expect("## Executing script at 40200000", timeout=UBOOT_TIMEOUT)
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    console.expect("running at EL2, image at 0x40400000")
    expect_demo(console, LINUX_TIMEOUT)
