# SPDX-License-Identifier: Apache-2.0
"""The test guests (guests/tests/*.c on the runtime in guests/runtime) booted on plain QEMU,
without any hypervisor: QEMU virt with virtualization=off enters them at EL1 like a Linux
kernel and answers PSCI over HVC itself. What passes here is the baseline: when a guest
fails under Tessera, the fault is Tessera's, not the guest's.

Every guest boots on GICv2 and on GICv3. QEMU is stopped as soon as the checks pass (or when
the guest powers off), and always killed at teardown; a failure ends with the console tail.
"""
import re
import time

import pexpect
import pytest

from qemu import BUILD, COMMON_ARGS, LOG_DIR, QEMU, Console, log_name, require_built
from shim import make_shim

GUESTS = BUILD / "guests"
GICS = (2, 3)
TIMEOUT = 30  # seconds for any one line; a boot takes well under one
TAIL_LINES = 40


def guest_command(kernel, gic, smp=2, memory="512M", append=None, loaders=()):
    """QEMU virt at EL1 (virtualization=off, the default): the Linux boot protocol at EL1,
    PSCI by HVC answered by QEMU."""
    cmd = [QEMU, "-machine", f"virt,gic-version={gic}", "-cpu", "cortex-a57",
           "-smp", str(smp), "-m", memory, *COMMON_ARGS, "-kernel", str(kernel)]
    if append:
        cmd += ["-append", append]
    for file, addr in loaders:
        cmd += ["-device", f"loader,file={file},addr={addr:#x},force-raw=on"]
    return cmd


class Guest:
    """One booted guest: expect lines on its console; failures carry the console tail."""

    def __init__(self, console):
        self.console = console

    def fail(self, message):
        tail = "\n".join(self.console.output.splitlines()[-TAIL_LINES:])
        pytest.fail(f"{message}\n--- console log {self.console.log_path}, last "
                    f"{TAIL_LINES} lines:\n{tail}", pytrace=False)

    def expect(self, text, timeout=TIMEOUT):
        """Waits for the literal text; a "FAIL:" line before it fails the test at once."""
        error = None
        try:
            self.console.expect(text, timeout=timeout, fail_on=("FAIL:",))
        except AssertionError as e:
            error = str(e)
        if error:
            self.fail(error)

    def expect_re(self, pattern, timeout=TIMEOUT):
        """Waits for the regular expression; returns the match."""
        error = None
        try:
            return self.console.expect_re(pattern, timeout=timeout, fail_on=("FAIL:",))
        except AssertionError as e:
            error = str(e)
        self.fail(error)
        return None

    def expect_poweroff(self, timeout=TIMEOUT):
        """PSCI SYSTEM_OFF makes QEMU exit, with status 0."""
        try:
            self.console.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            self.fail(f"QEMU still running {timeout} s after the guest's last check")
        self.console.child.close()
        if self.console.child.exitstatus != 0:
            self.fail(f"QEMU exited with status {self.console.child.exitstatus}")

    def check_no_fail(self):
        if "FAIL:" in self.console.output:
            self.fail("a FAIL: line on the console")


@pytest.fixture
def boot(request):
    """boot(name, gic, **options) starts build/guests/<name>.bin on plain QEMU (options as
    guest_command; kernel= boots another image) and returns a Guest."""
    consoles = []

    def launch(name, gic, kernel=None, **options):
        image = GUESTS / f"{name}.bin"
        require_built(image)
        suffix = f"-{len(consoles) + 1}" if consoles else ""
        log = LOG_DIR / f"{log_name(request.node.name)}{suffix}.log"
        console = Console(guest_command(kernel or image, gic, **options), log)
        consoles.append(console)
        return Guest(console)

    yield launch
    for console in consoles:
        console.stop()


def expect_banner(guest, gic, cpus=2, mib=512):
    guest.expect_re(rf"rt: GICv{gic}, pl011 at 0x9000000, {cpus} CPU\(s\), {mib} MiB RAM in "
                    r"1 bank\(s\), timer 62500000 Hz \(INTID 27\), PSCI hvc\r*\n")


@pytest.mark.parametrize("gic", GICS)
def test_hello_boots_and_keeps_a_heartbeat(boot, gic):
    """hello boots like a Linux kernel at EL1 where QEMU -kernel loads it, reads its memory and
    CPUs from its device tree, and then prints a heartbeat every 100 ms.

    Proven by: the runtime's banner naming the GIC, PL011, 2 CPUs, 512 MiB and the 62.5 MHz
    timer found in the DT; "PASS: hello: booted with 512 MiB and 2 CPU(s)"; "hello: done";
    heartbeats 1 to 5, the last four at least 300 ms apart in all (WFI plus the timer).

    Verifies: REQ-GUEST-001
    """
    guest = boot("hello", gic)
    expect_banner(guest, gic)
    guest.expect("hello: memory 512 MiB in 1 bank(s)")
    guest.expect("hello: cpus 2")
    guest.expect("PASS: hello: booted with 512 MiB and 2 CPU(s)")
    guest.expect("hello: done")
    guest.expect_re(r"hello: heartbeat 1\r*\n")
    start = time.monotonic()
    guest.expect_re(r"hello: heartbeat 5\r*\n")
    if time.monotonic() - start < 0.3:
        guest.fail("heartbeats come faster than every 100 ms")


def test_hello_reports_what_its_device_tree_says(boot):
    """The numbers hello prints come from its device tree, not from constants: with one CPU
    and 1 GiB it says so.

    Proven by: "PASS: hello: booted with 1024 MiB and 1 CPU(s)" on a 1-CPU, 1 GiB machine.

    Verifies: REQ-GUEST-001
    """
    guest = boot("hello", 3, smp=1, memory="1G")
    expect_banner(guest, 3, cpus=1, mib=1024)
    guest.expect("PASS: hello: booted with 1024 MiB and 1 CPU(s)")
    guest.expect_re(r"hello: heartbeat 1\r*\n")


@pytest.mark.parametrize("addr", [0x44000000, 0x5fe00000], ids=["ram+64M", "ram-top"])
def test_guest_runs_wherever_it_is_loaded(boot, tmp_path, addr):
    """A guest image runs from other 2 MiB-aligned addresses than QEMU's RAM + 2 MiB: 64 MiB
    into RAM and in the last 2 MiB of it (Xen and Tessera load it at the RAM base, where QEMU
    keeps its own boot stub). The boot shim, loaded by QEMU -kernel, enters it there with
    the device tree in x0.

    Proven by: "rt: image at <addr>" and hello's PASS line and first heartbeat.

    Verifies: REQ-GUEST-001
    """
    image = GUESTS / "hello.bin"
    shim = make_shim(tmp_path / "shim.bin", addr)
    guest = boot("hello", 3, kernel=shim, loaders=[(image, addr)])
    guest.expect(f"rt: image at {addr:#x}")
    guest.expect("PASS: hello: booted with 512 MiB and 2 CPU(s)")
    guest.expect_re(r"hello: heartbeat 1\r*\n")


VGIC_PASSES = (
    "SGI to self delivered",
    "two pending SGIs: priority 0x40 taken before priority 0xc0",
    "PMR 0x80 holds back an SGI of priority 0xc0",
    "PMR 0x80 lets an SGI of priority 0x40 through",
    "restoring PMR releases the held SGI",
    "PPI: virtual timer interrupt delivered",
    "SPI: UART transmit interrupt delivered",
    "SGI raised by itself while active is taken again after its handler",
    "SGIs between vCPU 0 and vCPU 1, 10 round trips",
    "SGI raised by the other vCPU while active is taken again after its handler",
)


@pytest.mark.parametrize("gic", GICS)
def test_vgic_guest_passes(boot, gic):
    """vgic, on the real (emulated) GIC: SGIs to itself and between its two CPUs, the timer
    PPI, the UART's SPI, priority order of two pending SGIs, masking by PMR, and an SGI
    raised again (by itself, then by the other CPU) while it is active.

    Proven by: each "PASS: vgic: ..." line in order, "vgic: 0 check(s) failed", "vgic: done",
    no "FAIL:" line, and QEMU exiting when the guest powers off.

    Verifies: REQ-GUEST-001
    """
    guest = boot("vgic", gic)
    guest.expect(f"vgic: GICv{gic}, 2 vCPU(s)")
    for line in VGIC_PASSES:
        guest.expect(f"PASS: vgic: {line}")
    guest.expect("vgic: 0 check(s) failed")
    guest.expect("vgic: done")
    guest.expect_poweroff()
    guest.check_no_fail()


@pytest.mark.parametrize("gic", GICS)
def test_vtimer_guest_passes(boot, gic):
    """vtimer: 20 one-shots of the virtual timer 10 ms ahead, each waited for in WFI, all
    fire, none early, none more than 50 ms late (the default bound).

    Proven by: "vtimer: fired 20 of 20, early 0", "PASS: vtimer: 20 shots fired in WFI",
    "vtimer: done", QEMU exiting on power-off.

    Verifies: REQ-GUEST-001
    """
    guest = boot("vtimer", gic)
    guest.expect("vtimer: fired 20 of 20, early 0")
    m = guest.expect_re(r"late_us min=(\d+) mean=(\d+) max=(\d+)\r*\n")
    if not int(m.group(1)) <= int(m.group(2)) <= int(m.group(3)):
        guest.fail(f"lateness statistics out of order: {m.group(0)!r}")
    guest.expect("PASS: vtimer: 20 shots fired in WFI, none early")
    guest.expect("vtimer: done")
    guest.expect_poweroff()


TIMERS_PASSES = (
    "physical timer armed by CVAL wakes WFI, not early",
    "CNTP_CTL.ISTATUS set in the handler",
    "masked by IMASK in the handler: no further interrupt",
    "masked and met: CNTP_CTL reads ENABLE, IMASK, ISTATUS; TVAL is not positive",
    "CNTP_TVAL write sets CVAL to CNTPCT + TVAL",
    "physical timer armed by TVAL interrupts, not early",
    "physical timer met while PSTATE.I is set: its PPI is pending",
    "physical timer masked before PSTATE.I is cleared: no interrupt taken",
    "virtual timer met: CNTV_CTL reads ENABLE and ISTATUS, not IMASK",
    "virtual timer met while PSTATE.I is set: PPI pending",
    "virtual timer masked (IMASK) before PSTATE.I is cleared: not pending, not taken",
    "virtual timer disabled before PSTATE.I is cleared: not pending, not taken",
    "virtual timer CVAL moved later before PSTATE.I is cleared: not pending, not taken",
    "virtual timer left asserted by its handler is taken again after the EOI",
    "virtual timer disarmed: no further interrupt",
)


@pytest.mark.parametrize("gic", GICS)
def test_timers_guest_passes(boot, gic):
    """timers: the EL1 physical timer (by CVAL and by TVAL: interrupt, ISTATUS, IMASK) and
    both timers' level semantics (met while PSTATE.I is set: pending; silenced before
    PSTATE.I is cleared: not pending, not taken; left asserted: taken again after EOI).

    Proven by: each "PASS: timers: ..." line in order, "timers: 0 check(s) failed",
    "timers: done", no "FAIL:" line, QEMU exiting on power-off.

    Verifies: REQ-GUEST-001
    """
    guest = boot("timers", gic)
    for line in TIMERS_PASSES:
        guest.expect(f"PASS: timers: {line}")
    guest.expect("timers: 0 check(s) failed")
    guest.expect("timers: done")
    guest.expect_poweroff()
    guest.check_no_fail()


PSCI_PASSES = (
    "PSCI_VERSION is 0.2 or later",
    "AFFINITY_INFO says OFF before CPU_ON",
    "CPU_ON starts vCPU 1, which runs",
    "AFFINITY_INFO says ON while vCPU 1 runs",
    "CPU_ON of a running vCPU answers ALREADY_ON",
    "AFFINITY_INFO says OFF after vCPU 1 calls CPU_OFF",
    "unknown function id answers NOT_SUPPORTED",
)


@pytest.mark.parametrize("gic", GICS)
def test_psci_guest_passes(boot, gic):
    """psci, against QEMU's own PSCI: VERSION, AFFINITY_INFO before/while/after vCPU 1
    runs, CPU_ON (and ALREADY_ON), CPU_OFF from vCPU 1, NOT_SUPPORTED for an unknown id,
    then SYSTEM_OFF.

    Proven by: "psci: hello from vCPU 1", each "PASS: psci: ..." line, "psci: done", and QEMU
    exiting with status 0 (SYSTEM_OFF).

    Verifies: REQ-GUEST-001
    """
    guest = boot("psci", gic)
    for line in PSCI_PASSES:
        guest.expect(f"PASS: psci: {line}")
    guest.expect("psci: 0 check(s) failed")
    guest.expect("psci: done")
    guest.expect_poweroff()
    if "psci: hello from vCPU 1\n" not in guest.console.output:
        guest.fail("vCPU 1 did not print")


@pytest.mark.parametrize("gic", GICS)
def test_pmu_debug_guest_passes(boot, gic):
    """pmu_debug on plain QEMU (no EL2): QEMU's cortex-a57 has a PMU, and its cycle counter
    filtered to EL2 only counts nothing; breakpoint and watchpoint 0 read 0 at start and
    keep what is written; then SYSTEM_OFF.

    Proven by: "pmu_debug: 0 check(s) failed", "pmu_debug: done", QEMU exiting with 0.

    Verifies: REQ-GUEST-001
    """
    guest = boot("pmu_debug", gic)
    guest.expect("PASS: pmu_debug: breakpoint 0 and watchpoint 0 read as reset at start")
    guest.expect("pmu_debug: 0 check(s) failed")
    guest.expect("pmu_debug: done")
    guest.expect_poweroff()


@pytest.mark.parametrize("gic", GICS)
def test_aarch32_guest_passes(boot, gic):
    """aarch32 on plain QEMU (no EL2): a T32 WFI at AArch32 EL0, woken by the timer, goes on
    at the next instruction (+2); the load from the hole finds QEMU's PCIe window, so the
    abort part says SKIP; then SYSTEM_OFF.

    Proven by: the WFI's "PASS: aarch32: ..." line, "aarch32: 0 check(s) failed",
    "aarch32: done", QEMU exiting with 0.

    Verifies: REQ-GUEST-001
    """
    guest = boot("aarch32", gic)
    guest.expect("PASS: aarch32: a 16-bit T32 WFI is stepped over by 2 bytes")
    guest.expect("aarch32: 0 check(s) failed")
    guest.expect("aarch32: done")
    guest.expect_poweroff()


# Probes that fault on plain QEMU too: nothing is at the address (a synchronous external
# abort, EC 0x25) or the instruction is UNDEFINED at EL1 (EC 0x00).
ATTACKER_CAUGHT_ON_QEMU = (
    (r"read past RAM end @0x60000000", "96000010"),
    (r"write past RAM end @0x60000000", "96000050"),
    (r"read high @0x1000000000", "96000010"),
    (r"write high @0x1000000000", "96000050"),
    (r"read EL2 register VBAR_EL2", "02000000"),
)
ATTACKER_PROBES = 11


@pytest.mark.parametrize("gic", GICS)
def test_attacker_guest_survives_its_probes(boot, gic):
    """attacker on plain QEMU: every probe either faults and is caught or (for what QEMU
    really has at those addresses: flash at 0, its GIC, PL011 and virtio-mmio, a readable
    IMPDEF register) reads back; the guest never hangs or dies and keeps its heartbeat.

    Proven by: one "caught:" or "no fault:" line per probe (11), the caught ones including
    RAM end and 64 GiB reads and writes (ESR 0x96000010/0x96000050) and VBAR_EL2 (ESR
    0x02000000), "attacker: done", then "attacker: heartbeat 2".

    Verifies: REQ-GUEST-001
    """
    guest = boot("attacker", gic)
    guest.expect("attacker: done")
    guest.expect_re(r"attacker: heartbeat 2\r*\n")
    out = guest.console.output
    results = re.findall(r"^(caught|no fault): (.*)$", out, re.M)
    if len(results) != ATTACKER_PROBES:
        guest.fail(f"{len(results)} probe results, expected {ATTACKER_PROBES}")
    for what, esr in ATTACKER_CAUGHT_ON_QEMU:
        if not re.search(rf"^caught: {what} ESR=0x{esr} ", out, re.M):
            guest.fail(f"probe '{what}' not caught with ESR 0x{esr}")
    guest.check_no_fail()


@pytest.mark.parametrize("gic", GICS)
def test_latency_guest_reports_statistics(boot, gic):
    """latency with 1000 samples (bootargs "samples=1000"): all samples taken, none early,
    and the statistics printed in ticks and ns, ordered min <= mean <= max and
    min <= p99 <= max.

    Proven by: "latency: samples=1000", the "latency: ticks ..." and "latency: ns ..." lines,
    "PASS: latency: 1000 samples, none early", "latency: done", QEMU exiting on power-off.

    Verifies: REQ-GUEST-001
    """
    guest = boot("latency", gic, append="samples=1000")
    guest.expect("latency: samples=1000 period_us=100 freq_hz=62500000")
    for unit in ("ticks", "ns"):
        m = guest.expect_re(rf"latency: {unit} min=(\d+) mean=(\d+) p99=(\d+) max=(\d+)\r*\n")
        lo, mean, p99, hi = map(int, m.groups())
        if not (lo <= mean <= hi and lo <= p99 <= hi):
            guest.fail(f"statistics out of order: {m.group(0)!r}")
    guest.expect("PASS: latency: 1000 samples, none early")
    guest.expect("latency: done")
    guest.expect_poweroff()


def test_latency_guest_reports_every_second(boot):
    """latency with "report=1 period_us=1000" runs on, printing one line a second of the
    virtual counter with that second's samples and their min/mean/max lateness in ns, and none
    early (the real-time domain of the demo, examples/demo.cfg).

    Proven by "latency: every second, period_us=1000" and the lines for seconds 1 to 3, each
    with 1 to 1000 samples, min <= mean <= max under a second and early=0.

    Verifies: REQ-GUEST-002
    """
    guest = boot("latency", 3, append="report=1 period_us=1000")
    guest.expect("latency: every second, period_us=1000 freq_hz=62500000")
    for second in (1, 2, 3):
        m = guest.expect_re(rf"latency: second {second}: samples=(\d+) min_ns=(\d+) "
                            r"mean_ns=(\d+) max_ns=(\d+) early=(\d+)\r*\n")
        samples, lo, mean, hi, early = map(int, m.groups())
        if not (1 <= samples <= 1000 and lo <= mean <= hi < 10**9 and early == 0):
            guest.fail(f"implausible second: {m.group(0)!r}")
    guest.check_no_fail()


def test_reboot_guest_reboots_over_and_over(boot):
    """reboot asks PSCI SYSTEM_RESET as soon as it is up; QEMU resets the machine, which boots
    it again.

    Proven by "reboot: up on cpu 0, rebooting" three times.

    Verifies: REQ-GUEST-001
    """
    guest = boot("reboot", 3)
    for _ in range(3):
        guest.expect("reboot: up on cpu 0, rebooting")


def test_longcall_guest_skips_without_xen(boot):
    """longcall needs the Xen interface; on plain QEMU it says so and stops.

    Proven by "SKIP: longcall: no Xen interface" and "longcall: done".

    Verifies: REQ-GUEST-001
    """
    guest = boot("longcall", 3)
    guest.expect("SKIP: longcall: no Xen interface")
    guest.expect("longcall: done")
