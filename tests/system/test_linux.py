# SPDX-License-Identifier: Apache-2.0
"""Unmodified Debian arm64 Linux kernels (linux-image-arm64) with a busybox initramfs as
dom0less domains, two vCPUs each on four pCPUs, on GICv3 and GICv2."""
import re
import time

import pytest

from domains import LINUX, Domain, boot_domains
from qemu import STOP_MARKERS, Machine

BOOTARGS = "console=ttyAMA0 rdinit=/init quiet"
LINUX_TIMEOUT = 240
SWITCH = "\x01\x01\x01"


def linux_domain(name, kernel):
    return Domain(name, LINUX / kernel, memory_kib=256 * 1024, cpus=2, bootargs=BOOTARGS,
                  ramdisk=LINUX / "initramfs.cpio.gz")


def wait_ready(console, domids):
    """Waits until every domain in domids printed its /init marker; returns their reports."""
    reports = {}
    while len(reports) < len(domids):
        m = console.expect_re(r"\(d(\d)\) TESSERA-GUEST: ready", timeout=LINUX_TIMEOUT)
        reports[int(m.group(1))] = console.output
    return reports


def run(console, domid, command, answer):
    """Types a command on domain domid's console (input must be on it); waits for answer.
    The shell gets a moment to print its prompt first: busybox asks the terminal for the
    cursor position (ESC[6n) as it does, and keys typed in that instant can be taken for
    the terminal's reply."""
    time.sleep(0.5)
    console.send(command + "\r")
    return console.expect(f"(d{domid}) {answer}", timeout=LINUX_TIMEOUT)


def switch_to(console, domid):
    console.send(SWITCH)
    console.expect(f"console input: d{domid} ")


@pytest.mark.parametrize("machine", [pytest.param(Machine(gic=g), id=f"gicv{g}") for g in (3, 2)])
def test_two_linux_domains_boot_answer_power_off_and_reboot(qemu, tmp_path, machine):
    """Two Linux domains (d1 from the plain Image, d2 from Image.gz inflated by Tessera) reach
    /init, each with 2 CPUs online and its own 256 MiB; each answers a command typed through
    the console multiplexer (Ctrl-a three times); `poweroff -f` in d2 leaves d1 running; and
    `reboot -f` in d1 rebuilds it from its boot modules and it boots and answers again.

    Proven by "(dN) TESSERA-GUEST: cpus online: 0-1 nproc=2", MemTotal under 256 MiB,
    "(dN) answer-42-dN", "d2 (linux2): powered off", "d1 (linux1): rebooting", and d1's
    marker and answer after it.

    Verifies: REQ-DOM-001, REQ-DOM-002, REQ-DOM-003, REQ-DOM-010, REQ-DOM-012, REQ-DOM-013,
    REQ-DOM-014, REQ-DOM-021, REQ-DOM-022, REQ-DOM-031
    """
    console = boot_domains(qemu, tmp_path, [linux_domain("linux1", "Image"),
                                            linux_domain("linux2", "Image.gz")],
                           machine=machine)
    wait_ready(console, (1, 2))
    out = console.output
    for d in (1, 2):
        assert f"(d{d}) TESSERA-GUEST: cpus online: 0-1 nproc=2" in out
        kb = int(re.search(rf"\(d{d}\) TESSERA-GUEST: memtotal: MemTotal:\s+(\d+) kB",
                           out).group(1))
        assert 200 * 1024 < kb <= 256 * 1024, kb

    for d in (1, 2):
        switch_to(console, d)
        run(console, d, f"echo answer-$((6*7))-d{d}", f"answer-42-d{d}")

    run(console, 2, "poweroff -f", "")
    console.expect("d2 (linux2): powered off", timeout=LINUX_TIMEOUT)
    # d2 left the input rotation; input went back to Tessera. d1 still runs and answers.
    switch_to(console, 1)
    run(console, 1, "echo still-$((40+2))", "still-42")

    console.send("reboot -f\r")
    console.expect("d1 (linux1): rebooting", timeout=LINUX_TIMEOUT)
    wait_ready(console, (1,))
    switch_to(console, 1)
    run(console, 1, "echo again-$((6*7))", "again-42")


def xen_linux_domain(name, enhanced=("s", "no-xenstore"), bootargs=""):
    return Domain(name, LINUX / "Image", memory_kib=256 * 1024, cpus=2,
                  bootargs=f"console=hvc0 rdinit=/init {bootargs}".strip(),
                  ramdisk=LINUX / "initramfs.cpio.gz", extra={"xen,enhanced": enhanced})


@pytest.mark.parametrize("machine", [pytest.param(Machine(gic=g), id=f"gicv{g}") for g in (3, 2)])
def test_linux_finds_xen_and_runs_on_the_pv_console(qemu, tmp_path, machine):
    """An unmodified Linux in a xen,enhanced domain sees a Xen 4.17 hypervisor: it sets up
    grant tables and event channels, takes its console on hvc0 (Tessera's PV console
    backend: no xenstore, no control domain) in both directions, and the event-channel
    upcall counts in /proc/interrupts. /sys/hypervisor/type reads "xen".

    Proven by "Xen 4.17 support found", "Grant tables using version 1 layout",
    "xen:events: Using FIFO-based ABI", "printk: console [hvc0] enabled", the /init marker and
    "hypervisor: xen", an answer typed on hvc0, and a non-zero "events" count.

    Verifies: REQ-XEN-001, REQ-XEN-002, REQ-XEN-003, REQ-XEN-004, REQ-XEN-012
    """
    console = boot_domains(qemu, tmp_path, [xen_linux_domain("xenlinux")], machine=machine)
    wait_ready(console, (1,))
    out = console.output
    for line in ("Xen 4.17 support found", "Grant tables using version 1 layout",
                 "xen:events: Using FIFO-based ABI", "printk: console [hvc0] enabled",
                 "TESSERA-GUEST: hypervisor: xen"):
        assert re.search(r"\(d1\) .*" + re.escape(line), out), line
    switch_to(console, 1)
    run(console, 1, "echo hvc-$((6*7))", "hvc-42")
    time.sleep(0.5)  # past the prompt's cursor query, as run() waits (its docstring)
    console.send("echo events=$(grep -w events /proc/interrupts | awk '{print $2+$3}')\r")
    m = console.expect_re(r"\(d1\) events=(\d+)", timeout=LINUX_TIMEOUT)
    assert int(m.group(1)) > 0, m.group(0)


@pytest.mark.parametrize("enhanced", [pytest.param(("s", "enabled"), id="enabled"),
                                      pytest.param(("x",), id="no-value")])
def test_linux_with_xenstore_enabled_waits_for_it_and_boots(qemu, tmp_path, enhanced):
    """A Linux domain with xen,enhanced = "enabled" (or the property with no value) gets
    the xenstore Xen 4.17 announces before init-dom0less has run: HVM_PARAM_STORE_PFN ~0
    (no page yet) and HVM_PARAM_STORE_EVTCHN a port unbound for domain 0. Linux 6.1's
    xenbus_init takes that as "not ready": it binds the port to its xenstore_late_init
    handler, returns 0 and waits, without blocking the boot.

    Proven by Tessera's "xenstore announced on port 2, not connected", the /init marker,
    an answer typed on hvc0, the kernel log's "initcall xenbus_init+... returned 0" (with
    initcall_debug), the xenstore_late_init line in /proc/interrupts, and no xenbus error
    line.

    Verifies: REQ-XEN-023
    """
    console = boot_domains(qemu, tmp_path, [xen_linux_domain("xslinux", enhanced,
                                                             "initcall_debug")])
    wait_ready(console, (1,))
    assert re.search(r"d1 \(xslinux\): xen,enhanced: .*xenstore announced on port 2, not "
                     r"connected", console.output)
    switch_to(console, 1)
    run(console, 1, "echo hvc-$((6*7))", "hvc-42")
    time.sleep(0.5)
    console.send("dmesg | grep xenbus_init\r")
    m = console.expect_re(r"\(d1\) .*initcall xenbus_init\+0x\w+/0x\w+ returned (-?\d+) after",
                          timeout=LINUX_TIMEOUT)
    assert m.group(1) == "0", m.group(0)
    time.sleep(0.5)
    console.send("grep xenstore /proc/interrupts\r")
    console.expect_re(r"\(d1\) +\d+:.* xenstore_late_init", timeout=LINUX_TIMEOUT)
    errors = [l for l in console.output.splitlines()
              if re.search(r"\(d1\) .*xen(bus|store).*(error|fail|cannot)", l, re.I)]
    assert not errors, errors


LINUX_OOPS = ("Kernel panic", "Internal error:", "Unable to handle kernel", "BUG:")
HOTPLUG_ROUNDS = 3


def test_linux_takes_a_cpu_offline_and_back_online(qemu, tmp_path):
    """CPU hotplug in an unmodified Linux: CPU 1 of a 2-vCPU domain taken offline (PSCI
    CPU_OFF) and brought back (PSCI CPU_ON) 3 times. CPU_ON must start the vCPU as PSCI
    says (DEN 0022D: at the entry point, context id in x0, EL1 with MMU and caches off,
    SCTLR_EL1 at its reset value); a vCPU resuming its old MMU and vector state panics the
    kernel.

    Proven by "(d1) offN=0" and "(d1) onN=0-1" (/sys/devices/system/cpu/online) for each
    round, "(d1) hotplug-42" after them, and no panic, oops or Tessera fault on the console.

    Verifies: REQ-VCPU-001
    """
    console = boot_domains(qemu, tmp_path, [linux_domain("hotplug", "Image")])
    wait_ready(console, (1,))
    switch_to(console, 1)
    time.sleep(0.5)  # past the prompt's cursor query, as run() waits (its docstring)
    online = "/sys/devices/system/cpu/online"
    console.send(f"for i in $(seq {HOTPLUG_ROUNDS}); do "
                 f"echo 0 > /sys/devices/system/cpu/cpu1/online; echo off$i=$(cat {online}); "
                 f"echo 1 > /sys/devices/system/cpu/cpu1/online; echo on$i=$(cat {online}); "
                 "done; echo hotplug-$((40+2))\r")
    console.expect("(d1) hotplug-42", timeout=LINUX_TIMEOUT, fail_on=STOP_MARKERS + LINUX_OOPS)
    out = console.output
    for i in range(1, HOTPLUG_ROUNDS + 1):
        assert f"(d1) off{i}=0\r" in out or f"(d1) off{i}=0\n" in out, f"round {i} offline"
        assert f"(d1) on{i}=0-1" in out, f"round {i} online"
    assert not [m for m in LINUX_OOPS if m in out], out[-3000:]


def test_ctrl_c_stops_a_command_in_the_linux_shell(qemu, tmp_path):
    """The demo's shells are interactive: /init starts the shell on the console's tty as its
    controlling terminal (busybox setsid cttyhack), so Ctrl-C typed through the console
    multiplexer stops the command in the foreground, on a vpl011 console (ttyAMA0, d1) and on
    the PV console (hvc0, d2) alike.

    Proven, in each domain, by `sleep 100` typed, Ctrl-C 2 s later, and the answer to a
    command typed after it ("(dN) back-42-dN") within 30 s: with no controlling terminal the
    Ctrl-C reaches no one and the answer comes only once sleep has run its 100 s.

    Verifies: REQ-CONS-002
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("ama", LINUX / "Image", memory_kib=256 * 1024, cpus=1, bootargs=BOOTARGS,
               ramdisk=LINUX / "initramfs.cpio.gz"),
        xen_linux_domain("hvc")])
    wait_ready(console, (1, 2))
    for d in (1, 2):
        switch_to(console, d)
        run(console, d, f"echo ready-$((6*7))-d{d}", f"ready-42-d{d}")
        time.sleep(0.5)
        console.send("sleep 100\r")
        time.sleep(2)
        console.send("\x03")
        start = time.monotonic()
        run(console, d, f"echo back-$((6*7))-d{d}", f"back-42-d{d}")
        assert time.monotonic() - start < 30, f"d{d}: Ctrl-C did not stop sleep"
