# SPDX-License-Identifier: Apache-2.0
"""System tests of console input: debug keys, Ctrl-a switching, and the fault report the
'C' key provokes."""
import re

from crash import (IDLE_LOOPS, interrupted_function, is_permission_fault_on_write,
                   read_fault_report)
from qemu import DEFAULT_IMAGE_ADDR, PREFIX, Machine, symbol_range

CTRL_A = "\x01"
SWITCH_MESSAGE = PREFIX + "console input: Tessera (press 'h' for debug keys)"
DEBUG_KEYS = {"h": "show this list", "c": "physical CPUs", "m": "memory",
              "i": "interrupt controller", "t": "time", "R": "reboot the machine",
              "C": "crash the hypervisor (tests the fault report)"}


def test_debug_key_help(qemu):
    """Console input reaches Tessera by the UART's interrupt, and 'h' lists the debug keys.

    Proven by "(tessera) debug keys:" followed by one line per key ('h', 'c', 'm', 'i', 't',
    'R', 'C') and the Ctrl-a line, printed only after 'h' is typed.

    Verifies: REQ-BOOT-011
    """
    console = qemu()
    console.expect_boot()
    assert PREFIX + "debug keys:" not in console.output
    console.send("h")
    console.expect(PREFIX + "debug keys:")
    for key, what in DEBUG_KEYS.items():
        console.expect(f"{PREFIX}  '{key}' {what}")
    console.expect(PREFIX + "  Ctrl-a three times: move console input to the next domain")


def test_debug_key_cpus(qemu):
    """'c' prints every pCPU, each online, with its MPIDR and the IPIs it took.

    Proven by four lines "(tessera) CPUn: MPIDR 0xn online, N interrupts, M IPIs" with
    M >= 1 (the boot's IPI check reached each).

    Verifies: REQ-BOOT-011, REQ-BOOT-004
    """
    machine = Machine(smp=4)
    console = qemu(machine=machine)
    console.expect_boot()
    console.send("c")
    for n in range(machine.smp):
        line = console.expect_re(rf"CPU{n}: MPIDR 0x([0-9a-f]+) (\w+), (\d+) interrupts, "
                                 rf"(\d+) IPIs")
        mpidr, state, ipis = int(line.group(1), 16), line.group(2), int(line.group(4))
        assert (mpidr, state) == (n, "online")
        assert ipis >= 1


def test_debug_key_memory(qemu):
    """'m' prints the memory state, including where the image runs.

    Proven by "(tessera) RAM 2097152 KiB, free N KiB, ..." and "(tessera) image at
    0x40200000, N KiB".

    Verifies: REQ-BOOT-011
    """
    console = qemu()
    console.expect_boot()
    console.send("m")
    console.expect_re(re.escape(PREFIX) + r"RAM 2097152 KiB, free \d+ KiB")
    console.expect(f"{PREFIX}image at {DEFAULT_IMAGE_ADDR:#x}, ")


def test_ctrl_a_three_times(qemu):
    """Ctrl-a pressed three times moves console input to the next owner; with no domains
    that wraps back to Tessera. Ctrl-a pressed twice, then a key, switches nothing and
    hands the key on.

    Proven by one "(tessera) console input: Tessera (press 'h' for debug keys)" after three
    Ctrl-a, and after Ctrl-a Ctrl-a h the debug-key list and no second such line.

    Verifies: REQ-BOOT-011
    """
    console = qemu()
    console.expect_boot()
    console.send(CTRL_A * 3)
    console.expect(SWITCH_MESSAGE)
    console.send(CTRL_A * 2 + "h")
    console.expect(PREFIX + "debug keys:")
    console.expect(PREFIX + "  Ctrl-a three times")
    assert console.output.count(SWITCH_MESSAGE) == 1


def test_crash_report(qemu):
    """'C', pressed twice, writes to Tessera's own code, which W^X maps read-only: the write
    must fault, and the fault report must show everything needed to diagnose it from the
    console.

    Proven by "*** Hypervisor fault on CPU0: sync, data abort ***"; ESR with EC 0x25 and an
    ISS of a permission fault on a write (W^X), FAR = the address "crashing on purpose"
    named; ELR inside key_crash (by the ELF's symbols); x0..x30; "Backtrace:" whose [pc]
    frame is "key_crash+0x.." and which unwinds through the interrupt into the idle loop
    the key interrupted; then "CPU0 halted.", never "W^X is broken".

    Verifies: REQ-BOOT-012, REQ-BOOT-011
    """
    console = qemu()
    console.expect_boot()
    console.send("C")
    console.expect(PREFIX + "press 'C' again within 5 s to crash the hypervisor")
    console.send("C")
    crashing = console.expect_re(r"writing to read-only hypervisor code at 0x([0-9a-f]+)\r*\n",
                                 fail_on=())
    target = int(crashing.group(1), 16)
    report = read_fault_report(console)
    assert (report.cpu, report.kind) == (0, "sync, data abort")
    assert is_permission_fault_on_write(report.esr), f"ESR {report.esr:#x}"
    assert report.far == target
    start, end = symbol_range("key_crash")
    assert start <= report.elr < end, f"ELR {report.elr:#x} not in key_crash"
    assert sorted(report.registers) == sorted(f"x{n}" for n in range(31))
    names = [name for _, name, _ in report.frames]
    assert names[0] == "key_crash", names
    assert report.frames[0][0] == report.elr
    assert interrupted_function(report) in IDLE_LOOPS, names
    assert "W^X is broken" not in console.output
