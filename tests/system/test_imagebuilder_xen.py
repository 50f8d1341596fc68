# SPDX-License-Identifier: Apache-2.0
"""The configuration is interchangeable: an ImageBuilder configuration written for Tessera,
with only XEN= changed to point at Xen 4.17 (Debian's xen-hypervisor-4.17-arm64, fetched into
build/xen by scripts/fetch-xen.sh), goes through tessera-imagebuilder and Debian's U-Boot the
same way and boots Xen dom0less with the same domains.

Facts of Debian's Xen 4.17 on QEMU virt these rely on (bench/README.md, the bench boots it
too): it boots with no dom0 from /chosen xen,domain nodes alone; "console=dtuart" needs nothing
more here (QEMU's tree has stdout-path); it has only the credit and credit2 schedulers and
falls back to its default for "sched=null"; a domain's vpl011 output appears on Xen's console
as "(XEN) DOMn: <line>" (a debug build would print "(dn) <line>")."""
import re

from imagebuilder import (UBOOT_TIMEOUT, boot_from_uboot, check_latency_lines, demo_files,
                          example, latency_re, make_root, run_tool, wait_all)
from qemu import BUILD, Machine, dumped_dtb, require_built

XEN_IMAGE = BUILD / "xen" / "xen"
XEN_TIMEOUT = 240
LINUX_TIMEOUT = 300
XEN_STOPS = ("Panic on CPU",)


def xen_config(name):
    """examples/<name> with XEN= pointing at Xen instead of Tessera, and nothing else changed."""
    text = example(name)
    assert text.count('XEN="build/tessera.bin"\n') == 1, name
    return text.replace('XEN="build/tessera.bin"\n', 'XEN="build/xen/xen"\n')


def domain_line(domid, text_re):
    return rf"\(XEN\) DOM{domid}: " + text_re


def test_hello_example_boots_xen_through_uboot(console_of, tmp_path):
    """examples/qemu-hello.cfg with XEN="build/xen/xen": the tool accepts Xen's Image and
    writes the same tree and script; Debian's U-Boot runs the script from a virtio disk, loads
    Xen, the hello module (once, for both domains) and the tree, and boots Xen with booti;
    Xen builds both dom0less domains from the tree and each one's guest prints.

    Proven by Xen's "Xen version 4.17" banner, its "Loading d1 kernel" and "d2" lines, and
    "(XEN) DOM1: PASS: hello: booted with 64 MiB and 1 CPU(s)" and the same for DOM2.

    Verifies: REQ-IMG-004
    """
    machine = Machine()
    files = {"build/xen/xen": XEN_IMAGE, "build/guests/hello.bin": BUILD / "guests" / "hello.bin",
             "build/virt-gicv3.dtb": dumped_dtb(machine)}
    require_built(*files.values())
    root = make_root(tmp_path / "root", files)
    commands = run_tool(root, xen_config("qemu-hello.cfg"), name="hello-xen.cfg")
    source = (root / "out" / "boot.source").read_text()
    assert "load virtio 0:1 0x40400000 build/xen/xen\n" in source, source
    console = boot_from_uboot(console_of, root, machine, commands["U-Boot"])
    console.expect("## Executing script at 40200000")
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    wait_all(console, [
        r"\(XEN\) Xen version 4\.17",
        domain_line(1, re.escape("PASS: hello: booted with 64 MiB and 1 CPU(s)")),
        domain_line(2, re.escape("PASS: hello: booted with 64 MiB and 1 CPU(s)")),
    ], XEN_TIMEOUT, fail_on=XEN_STOPS)


def test_demo_config_boots_xen_through_uboot(console_of, tmp_path):
    """examples/demo.cfg, the demo `make run` boots, with XEN="build/xen/xen": Debian's U-Boot
    loads Xen, the one Linux kernel and initramfs both Linux domains name, the latency guest
    and the tree from a virtio disk and boots Xen, which builds the three domains: both Linux
    domains reach /init on vpl011 (console=ttyAMA0) and the real-time domain reports its timer
    latency every second, as under Tessera.

    Proven by Xen's "Xen version 4.17" banner, "(XEN) DOM1: TESSERA-GUEST: /init reached" and
    the same for DOM2, and two "(XEN) DOM3: latency: second N: ..." lines with sane numbers.

    Verifies: REQ-IMG-004
    """
    machine = Machine()
    root = make_root(tmp_path / "root", demo_files("build/xen/xen", XEN_IMAGE, machine))
    commands = run_tool(root, xen_config("demo.cfg"), name="demo-xen.cfg")
    console = boot_from_uboot(console_of, root, machine, commands["U-Boot"])
    console.expect("## Executing script at 40200000")
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    wait_all(console, [
        r"\(XEN\) Xen version 4\.17",
        domain_line(1, "TESSERA-GUEST: /init reached"),
        domain_line(2, "TESSERA-GUEST: /init reached"),
        latency_re(domain_line(3, ""), second="2"),
    ], LINUX_TIMEOUT, fail_on=XEN_STOPS)
    check_latency_lines(console.output, domain_line(3, ""), 2)
