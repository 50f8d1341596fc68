# SPDX-License-Identifier: Apache-2.0
"""Dom0less domains running the bare-metal test guests under Tessera, on GICv2 and GICv3.
The same guests pass on plain QEMU (test_guests_baremetal.py), so a failure here is
Tessera's."""
import re

import pytest

from domains import Domain, boot_domains, guest
from qemu import STOP_MARKERS, Machine

GICS = [pytest.param(Machine(gic=g), id=f"gicv{g}") for g in (2, 3)]


def expect_passes(console, prefix, name, count=None):
    """Waits for '<name>: done' from domain `prefix`; fails on any FAIL line of it."""
    before = console.expect(f"{prefix} {name}: done", timeout=90)
    fails = [l for l in before.splitlines() if l.startswith(prefix) and "FAIL" in l]
    assert not fails, fails
    passes = [l for l in before.splitlines() if l.startswith(prefix) and "PASS:" in l]
    if count is not None:
        assert len(passes) >= count, passes
    return passes


@pytest.mark.parametrize("machine", GICS)
def test_vgic_delivers_sgis_ppis_spis_by_priority(qemu, tmp_path, machine):
    """A 2-vCPU domain takes SGIs (to itself and to its other vCPU), the timer PPI and its
    UART's SPI through the virtual GIC, higher priority first, and PMR masking holds. An SGI
    raised again while it is active in its handler, by the same vCPU or by the other, is
    taken again after the handler (with WFI trapping, the default).

    Proven by the vgic guest's 10 "PASS:" lines and "vgic: done" under "(d1)".

    Verifies: REQ-DOM-010, REQ-DOM-011, REQ-DOM-015
    """
    console = boot_domains(qemu, tmp_path, [Domain("vgic", guest("vgic"), cpus=2)],
                           machine=machine)
    expect_passes(console, "(d1)", "vgic", count=10)


def test_vgic_v2_spi_goes_to_one_of_its_targets(qemu, tmp_path):
    """GICv2, a 2-vCPU domain: GICD_ITARGETSR keeps the whole CPU mask the guest writes
    (0x03 reads 0x03, 0x00 reads 0x00; 0xff reads 0x03, the bits of CPU interfaces that do
    not exist being RAZ/WI), and the UART's SPI is taken by one of its targets: by one CPU
    when both are named, by none for a mask of 0, by CPU 1 when only it is named.

    Proven by the vgic guest's five GICD_ITARGETSR "PASS:" lines under "(d1)" and no FAIL.

    Verifies: REQ-CONF-003
    """
    console = boot_domains(qemu, tmp_path, [Domain("vgic", guest("vgic"), cpus=2)],
                           machine=Machine(gic=2))
    passes = expect_passes(console, "(d1)", "vgic")
    for line in ("GICD_ITARGETSR keeps a mask of two CPUs",
                 "SPI targeting both CPUs taken by one of them",
                 "GICD_ITARGETSR keeps a mask of no CPU",
                 "SPI targeting no CPU is taken by none",
                 "SPI targeting CPU 1 taken there",
                 "GICD_ITARGETSR bits of CPUs that do not exist read as 0"):
        assert any(line in p for p in passes), (line, passes)


@pytest.mark.parametrize("machine", GICS)
def test_vgic_delivers_an_sgi_raised_while_the_same_sgi_is_active(qemu, tmp_path, machine):
    """With vwfi=native, vCPU 0 of the bench guest pings vCPU 1 with SGI 8 10,000 times and
    vCPU 1's handler answers each with SGI 9. Ping n+1 is often raised while ping n is still
    active in vCPU 1's list register (its handler has not returned yet): it must still be
    delivered, or vCPU 1 deactivates ping n without a trap and waits in WFI for ever.

    Proven by "(d1) BENCH: sgi_roundtrip iters=10000"; the guest's "no answer to ping N"
    (2 s without an answer) fails it.

    Verifies: REQ-DOM-015
    """
    console = boot_domains(qemu, tmp_path,
                           [Domain("bench", guest("bench"), cpus=2, bootargs="iters=10000")],
                           machine=machine, bootargs="console=dtuart vwfi=native")
    console.expect("(d1) BENCH: sgi_roundtrip iters=10000", timeout=300,
                   fail_on=STOP_MARKERS + ("no answer",))


@pytest.mark.parametrize("vwfi", ["trap", "native"])
@pytest.mark.parametrize("machine", GICS)
def test_vtimer_wakes_a_blocked_vcpu(qemu, tmp_path, machine, vwfi):
    """The guest waits in WFI for its virtual timer 20 times; the timer fires and wakes it
    each time, never early: with vwfi=trap the WFI traps and the vCPU blocks in Tessera until
    the timer's interrupt is made pending for it; with vwfi=native the WFI runs in the guest.

    Proven by "PASS: vtimer: 20 shots fired in WFI, none early" and "vtimer: done".

    Verifies: REQ-DOM-012
    """
    console = boot_domains(qemu, tmp_path, [Domain("vtimer", guest("vtimer"))],
                           machine=machine, bootargs=f"console=dtuart vwfi={vwfi}")
    console_out = console.output
    assert f"vwfi={vwfi}" in console_out
    passes = expect_passes(console, "(d1)", "vtimer")
    assert any("20 shots fired in WFI, none early" in p for p in passes), passes


TIMERS_PHYS = (
    "physical timer armed by CVAL wakes WFI, not early",
    "physical timer armed by TVAL interrupts, not early",
    "CNTP_TVAL write sets CVAL to CNTPCT + TVAL",
    "CNTP_CTL.ISTATUS set in the handler",
    "masked by IMASK in the handler: no further interrupt",
    "masked and met: CNTP_CTL reads ENABLE, IMASK, ISTATUS; TVAL is not positive",
    "physical timer met while PSTATE.I is set: its PPI is pending",
    "physical timer masked before PSTATE.I is cleared: no interrupt taken",
)


@pytest.mark.parametrize("vwfi", ["trap", "native"])
@pytest.mark.parametrize("machine", GICS)
def test_physical_timer_is_emulated(qemu, tmp_path, machine, vwfi):
    """The EL1 physical timer its device tree lists (PPI 30) works: armed by CNTP_CVAL (its
    interrupt waking the vCPU from WFI) and by CNTP_TVAL it interrupts, not early, with
    CNTP_CTL.ISTATUS set; masked (IMASK) it interrupts no more; met while PSTATE.I is set,
    its PPI is pending in the GIC, and masked before PSTATE.I is cleared it is not taken.
    With WFI trapped (the vCPU blocks) and native.

    Proven by the timers guest's PASS lines (each named here) under "(d1)" and no FAIL.

    Verifies: REQ-CONF-001
    """
    console = boot_domains(qemu, tmp_path, [Domain("timers", guest("timers"))],
                           machine=machine, bootargs=f"console=dtuart vwfi={vwfi}")
    passes = expect_passes(console, "(d1)", "timers")
    for line in TIMERS_PHYS:
        assert any(line in p for p in passes), (line, passes)


TIMERS_VIRT = (
    "virtual timer met: CNTV_CTL reads ENABLE and ISTATUS, not IMASK",
    "virtual timer met while PSTATE.I is set: PPI pending",
    "virtual timer masked (IMASK) before PSTATE.I is cleared: not pending, not taken",
    "virtual timer disabled before PSTATE.I is cleared: not pending, not taken",
    "virtual timer CVAL moved later before PSTATE.I is cleared: not pending, not taken",
    "virtual timer left asserted by its handler is taken again after the EOI",
    "virtual timer disarmed: no further interrupt",
)


@pytest.mark.parametrize("vwfi", ["trap", "native"])
@pytest.mark.parametrize("machine", GICS)
def test_virtual_timer_is_level_sensitive(qemu, tmp_path, machine, vwfi):
    """The virtual timer's PPI follows the timer's output: met while PSTATE.I is set it is
    pending in the GIC and CNTV_CTL reads what the guest wrote (no IMASK it did not set);
    once the guest masks the timer, disables it or moves CVAL later, the PPI is no longer
    pending (the GIC read is an exit, where Tessera samples the timer) and clearing PSTATE.I
    takes no interrupt; left asserted by the handler, it is taken again after the EOI. With
    WFI trapped (the vCPU blocks) and native.

    Proven by the timers guest's PASS lines (each named here) under "(d1)" and no FAIL.

    Verifies: REQ-CONF-002
    """
    console = boot_domains(qemu, tmp_path, [Domain("timers", guest("timers"))],
                           machine=machine, bootargs=f"console=dtuart vwfi={vwfi}")
    passes = expect_passes(console, "(d1)", "timers")
    for line in TIMERS_VIRT:
        assert any(line in p for p in passes), (line, passes)


def test_psci_starts_and_stops_a_secondary_vcpu(qemu, tmp_path):
    """PSCI for guests: VERSION 1.1, CPU_ON of vCPU 1 (and ALREADY_ON), AFFINITY_INFO,
    CPU_OFF, NOT_SUPPORTED for an unknown id, then SYSTEM_OFF frees the domain. vCPU 1,
    started again 3 times after CPU_OFF, comes up as CPU_ON specifies (DEN 0022D): MMU and
    data cache off, the new context id in x0, not the state it went off with.

    Proven by the psci guest's 19 "PASS:" lines (no "FAIL:"), the 3 restarts' "SCTLR_EL1.M,
    .C = 0" and "new context id" among them, then "d1 (psci): powered off".

    Verifies: REQ-DOM-013, REQ-VCPU-001
    """
    console = boot_domains(qemu, tmp_path, [Domain("psci", guest("psci"), cpus=2)])
    passes = expect_passes(console, "(d1)", "psci", count=19)
    assert sum("SCTLR_EL1.M, .C = 0" in p for p in passes) == 3, passes
    assert sum("new context id in x0" in p for p in passes) == 3, passes
    console.expect("d1 (psci): powered off")


def test_pmu_and_debug_registers_are_the_domains_own(qemu, tmp_path):
    """A domain finds the PMU hidden, consistently (ID_AA64DFR0_EL1.PMUVer and
    ID_DFR0_EL1.PerfMon 0, PMCR_EL0 UNDEFINED), or, where it has one, counts no EL2 cycle;
    it writes marks in breakpoint 0 and watchpoint 0 and reboots: the domain rebuilt on the
    same pCPU finds them at their reset value, 0.

    Proven by two boots' "pmu_debug: 0 check(s) failed" (so the second boot's "breakpoint
    0 and watchpoint 0 read as reset at start" passed), each with the PMU's PASS line.

    Verifies: REQ-VCPU-002, REQ-VCPU-003
    """
    console = boot_domains(qemu, tmp_path,
                           [Domain("pmu_debug", guest("pmu_debug"), bootargs="reboot=1")])
    for boot in (1, 2):
        passes = expect_passes(console, "(d1)", "pmu_debug", count=3)
        assert any("breakpoint 0 and watchpoint 0 read as reset at start" in p
                   for p in passes), (boot, passes)
        assert any("no PMU" in p or "UNDEFINED" in p or "does not count" in p
                   for p in passes), (boot, passes)
        if boot == 1:
            console.expect("d1 (pmu_debug): rebooting")
    assert console.output.count("(d1) pmu_debug: 0 check(s) failed") >= 2


@pytest.mark.parametrize("vwfi", ["trap", "native"])
def test_an_aarch32_el0_task_traps_and_takes_exceptions_as_on_hardware(qemu, tmp_path, vwfi):
    """A guest runs T32 code at AArch32 EL0. Its WFI (trapped to Tessera with vwfi=trap, a
    16-bit instruction: ESR_EL2.IL = 0) is stepped over by 2 bytes; its load from an IPA
    with nothing behind it gets the data abort injected at VBAR_EL1 + 0x600 (lower EL using
    AArch32) with its AArch32 PSTATE in SPSR_EL1; the domain then powers off. Before the
    fix the WFI came back 4 bytes on (at UDF #2) and the abort crashed the domain.

    Proven by the aarch32 guest's 2 "PASS:" lines and "d1 (aarch32): powered off".

    Verifies: REQ-VCPU-004
    """
    console = boot_domains(qemu, tmp_path, [Domain("aarch32", guest("aarch32"))],
                           bootargs=f"console=dtuart vwfi={vwfi}")
    passes = expect_passes(console, "(d1)", "aarch32", count=2)
    assert any("stepped over by 2 bytes" in p for p in passes), passes
    assert any("VBAR_EL1 + 0x600" in p for p in passes), passes
    console.expect("d1 (aarch32): powered off")


def test_attacker_is_stopped_and_its_neighbour_keeps_its_heartbeat(qemu, tmp_path):
    """Isolation: a domain that reads and writes outside its RAM, touches unassigned MMIO and
    stray system registers gets the abort or undefined instruction hardware would give, each
    named on the console, while the neighbour domain's 100 ms heartbeat never stops.

    Proven by the attacker's "caught:" lines and "attacker: done", Tessera's "abort injected"
    lines naming d2, and at least 10 further "(d1) hello: heartbeat" lines afterwards with
    consecutive numbers.

    Verifies: REQ-DOM-020
    """
    console = boot_domains(qemu, tmp_path, [Domain("neighbour", guest("hello")),
                                            Domain("attacker", guest("attacker"))])
    before = console.expect("(d2) attacker: done", timeout=90)
    assert not [l for l in before.splitlines() if l.startswith("(d2)") and "FAIL" in l]
    assert len(re.findall(r"\(d2\) caught:", before)) >= 8
    assert re.search(r"\(tessera\) d2 vCPU0: (read|write) at IPA 0x\w+ .*abort injected", before)
    beats = []
    for _ in range(10):
        m = console.expect_re(r"\(d1\) hello: heartbeat (\d+)\r*\n")
        beats.append(int(m.group(1)))
    assert beats == list(range(beats[0], beats[0] + 10)), beats
