# SPDX-License-Identifier: Apache-2.0
"""System tests of boot options: /chosen/xen,xen-bootargs, with Xen's names."""
import time

import pytest

from crash import IDLE_LOOPS, interrupted_function, read_fault_report
from dtb import DeviceTree, has_property
from qemu import PREFIX, dumped_dtb


def boot_with_bootargs(qemu, tmp_path, bootargs):
    tree = DeviceTree(dumped_dtb(), tmp_path / "bootargs.dtb")
    tree.set_bootargs(bootargs)
    return qemu(dtb=tree.path)


def warning(name, why="unknown option, ignored"):
    return f"{PREFIX}warning: option '{name}': {why}"


def test_unknown_option_warned_once(qemu, tmp_path):
    """An option Tessera does not know (here Xen's dom0_mem=, given twice, and a bare word)
    is warned about once per name and ignored; the boot goes on.

    Proven by exactly one "warning: option 'dom0_mem': unknown option, ignored", one for
    'nosmp_please', and a complete summary after them.

    Verifies: REQ-BOOT-010
    """
    console = boot_with_bootargs(qemu, tmp_path,
                                 "dom0_mem=512M console=dtuart nosmp_please dom0_mem=1G")
    console.expect_boot()
    output = console.output
    assert output.count(warning("dom0_mem")) == 1
    assert output.count(warning("nosmp_please")) == 1
    assert output.count("warning:") == 2
    assert output.index(warning("dom0_mem")) < output.index("Boot summary:")


@pytest.mark.parametrize("bootargs, scheduler", [
    ("sched=credit", "credit, vwfi=trap"),
    ("vwfi=native", "null, vwfi=native"),
    ("sched=rtds vwfi=native", "rtds, vwfi=native"),
], ids=["sched-credit", "vwfi-native", "both"])
def test_scheduler_options(qemu, tmp_path, bootargs, scheduler):
    """sched= and vwfi= are read and shown in the summary.

    Proven by the summary line "scheduler: credit, vwfi=trap" for sched=credit, "null,
    vwfi=native" for vwfi=native, and no warning.

    Verifies: REQ-BOOT-010
    """
    console = boot_with_bootargs(qemu, tmp_path, bootargs)
    assert console.expect_boot()["scheduler"] == scheduler
    assert "warning:" not in console.output


def test_bad_value_keeps_default(qemu, tmp_path):
    """A known option with a bad value is warned about and keeps its default.

    Proven by "warning: option 'sched': expects null, credit, rtds or arinc653" and the
    summary's "scheduler: null, vwfi=trap".

    Verifies: REQ-BOOT-010
    """
    console = boot_with_bootargs(qemu, tmp_path, "sched=fifo")
    summary = console.expect_boot()
    assert warning("sched", "expects null, credit, rtds or arinc653") in console.output
    assert summary["scheduler"] == "null, vwfi=trap"


@pytest.mark.parametrize("form", ["alias", "path"])
def test_dtuart(qemu, tmp_path, form):
    """dtuart= names the console by alias (serial0, which QEMU's tree has) or by path, and
    is used without /chosen/stdout-path (deleted here): output appears, and input comes by
    that UART's interrupt.

    Proven by a complete summary and, after typing 'h', "(tessera) debug keys:" (without
    stdout-path, input can only have been found through dtuart=).

    Verifies: REQ-BOOT-010, REQ-BOOT-011
    """
    tree = DeviceTree(dumped_dtb(), tmp_path / "dtuart.dtb")
    assert has_property(tree.path, "/aliases", "serial0"), "QEMU's tree has no serial0 alias"
    uart = "serial0" if form == "alias" else tree.get("/aliases", "serial0")
    tree.delete_property("/chosen", "stdout-path")
    tree.set_bootargs(f"console=dtuart dtuart={uart}")
    console = qemu(dtb=tree.path)
    console.expect_boot()
    assert "warning:" not in console.output
    console.send("h")
    console.expect(PREFIX + "debug keys:")


# How long after the first output the boot has surely reached its idle loop (it takes well
# under 0.1 s of emulated time); the crash report's backtrace checks it did.
SETTLE_SECONDS = 2


def test_loglvl_warning(qemu, tmp_path):
    """loglvl=warning drops informational lines (banner, summary) but keeps warnings and
    errors. Because nothing marks the end of a quiet boot, the 'C' key then crashes it on
    purpose: the error-level report must print, and its backtrace must come from the idle
    loop, proving the boot finished without printing its summary.

    Proven by "warning: option 'dom0_mem': unknown option, ignored", then the fault
    report whose backtrace shows the key interrupted the idle loop, and neither
    "Boot summary:" nor the banner anywhere.

    Verifies: REQ-BOOT-010
    """
    console = boot_with_bootargs(qemu, tmp_path, "loglvl=warning dom0_mem=512M")
    console.expect(warning("dom0_mem"))
    time.sleep(SETTLE_SECONDS)
    console.send("CC")  # a destructive key runs only when pressed twice
    console.expect(PREFIX + "crashing on purpose", fail_on=())
    report = read_fault_report(console)
    assert interrupted_function(report) in IDLE_LOOPS, "the crash came before the boot ended"
    assert "Boot summary:" not in console.output
    assert "Arm64 type-1 hypervisor" not in console.output
