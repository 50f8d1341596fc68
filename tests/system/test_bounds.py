# SPDX-License-Identifier: Apache-2.0
"""Bounded work and concurrent reboots (issue #10): domains rebuilt at the same time on
different pCPUs do not disturb each other."""
import gzip
import random
import re

from domains import Domain, boot_domains, guest, host_tree
from qemu import STOP_MARKERS

REBOOTS = 10
PAD_BYTES = 2 * 1024 * 1024  # inflating takes a while, so two rebuilds overlap


def padded_gzip_kernel(tmp_path, name, seed):
    """The reboot guest's Image followed by 2 MiB of pseudo-random letters (its .bss clearing
    and its header's image_size make trailing bytes harmless), gzip-compressed: dynamic
    Huffman blocks whose inflating keeps the tables busy for the whole rebuild."""
    rng = random.Random(seed)
    pad = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz .,\n") for _ in range(PAD_BYTES))
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress(guest("reboot").read_bytes() + pad, compresslevel=6))
    return path


def test_two_domains_rebooting_at_once_are_both_rebuilt_every_time(qemu, tmp_path):
    """d1 and d2, each on a pCPU of its own and each loaded from its own gzip-compressed
    kernel, reboot themselves (PSCI SYSTEM_RESET) as soon as they are up, for ever, so their
    rebuilds (teardown, inflating, loading) run at the same time on different pCPUs.

    Proven by each domain printing "(dN) reboot: up" REBOOTS + 1 times (every rebuild
    succeeded and the domain ran again) with no "reboot failed" line on the console.

    Verifies: REQ-BOUND-001
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("r1", padded_gzip_kernel(tmp_path, "r1", 1)),
        Domain("r2", padded_gzip_kernel(tmp_path, "r2", 2))])
    ups = {"d1": 0, "d2": 0}
    while min(ups.values()) <= REBOOTS:
        m = console.expect_re(r"\((d[12])\) reboot: up on cpu", timeout=120,
                              fail_on=(*STOP_MARKERS, "reboot failed"))
        ups[m.group(1)] += 1
    out = console.output
    assert "reboot failed" not in out
    for d in (1, 2):
        rebooting = len(re.findall(rf"d{d} \(r{d}\): rebooting", out))
        assert rebooting >= REBOOTS, (d, rebooting)


ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}
# QEMU's -icount shift=0: the virtual clock advances 1 ns per instruction executed, so the
# guests' counter readings count instructions whatever the load of the build machine.
ICOUNT = ("-icount", "shift=0")
# The longest a guest may be held in one trap, in instructions (icount ns): HYPERCALL_WORK_MAX
# (64) page placements and the trap around them (measured: 0.3 million), with room to spare;
# a pCPU taking its interrupts that often runs its timers on time.
TRAP_BOUND_NS = 1_000_000
SWITCH = "\x01\x01\x01"  # Ctrl-a three times: console input to the next owner
LONGCALL_RE = (r"\(d1\) longcall: returned (-?\d+) after (\d+) ns; (\d+) timer interrupts "
               r"during it, at most (\d+) ns late")


def test_the_longest_hypercall_is_cut_into_short_traps_and_no_neighbour_waits(qemu, tmp_path):
    """d1 (longcall) creates a watchdog of its own (3600 s) first, then, 2 s after boot,
    makes the longest call a guest can make: a multicall of 32 add_to_physmap_batch of 65535
    entries each (2 million page placements, about 8.6 s), its virtual timer armed every
    1 ms meanwhile. d2 (watchdog, mode=stop) creates a 2 s watchdog 500 ms after boot, pings
    it for 4 s and stops: it must fire about 6.5 s after boot, while d1's call still runs.
    d3 (watchdog, mode=keep) pings its own 2 s watchdog every 200 ms and prints "alive N"
    every second. QEMU counts time in instructions (-icount shift=0).

    Proven by d1's "returned 0 ... at most M ns late" with M (the longest d1 waited for its
    timer interrupt: at least its longest trap) within TRAP_BOUND_NS and its PASS line
    (every entry placed); "d2 (stop): watchdog 1 fired" on time; d3's
    heartbeat going on during the call (one "alive" line per second of it, but one), with at
    most 3 of its lines between d2's "stopped pinging" and the fire; d3's and d1's watchdogs
    never firing, also 3 s after the call; and Ctrl-a three times, typed when the call
    starts, answered ("console input: d1") within one of d3's seconds, though console input
    interrupts pCPU 0, the pCPU d1 keeps busy.

    Verifies: REQ-BOUND-002, REQ-BOUND-003
    """
    dtb, loaders = host_tree(tmp_path, [
        Domain("long", guest("longcall"), extra=ENHANCED),
        Domain("stop", guest("watchdog"), bootargs="mode=stop after_ms=500", extra=ENHANCED),
        Domain("keep", guest("watchdog"), bootargs="mode=keep timeout_s=2 after_ms=500",
               extra=ENHANCED)])
    console = qemu(dtb=dtb, loaders=loaders, extra=ICOUNT)
    console.expect_boot()
    console.expect("(d1) longcall: calling", timeout=120)
    calling = len(console.output)
    console.send(SWITCH)  # console input is taken by pCPU 0, which d1 keeps busy
    m = console.expect_re(LONGCALL_RE, timeout=900)
    ret, took_ns, ticks, late_ns = (int(g) for g in m.groups())
    during = console.output[calling:]
    console.expect("(d1) longcall: done")
    assert ret == 0, m.group(0)
    assert "(d1) PASS: longcall: 32 batches of 65535 placements, every result 0" in \
        console.output
    assert "console input: d1" in during, "console input waited for d1's call"
    waited = len(re.findall(r"\(d3\) watchdog: alive \d+",
                            during[:during.index("console input: d1")]))
    assert waited <= 1, f"console input waited {waited} of d3's seconds for d1's call"
    stop_to_fire = re.search(r"\(d2\) watchdog: stopped pinging\n(.*?)\(tessera\) d2 \(stop\): "
                             r"watchdog 1 fired", console.output, re.S)
    assert stop_to_fire, "d2's watchdog did not fire"
    seconds = len(re.findall(r"\(d3\) watchdog: alive \d+", stop_to_fire.group(1)))
    assert seconds <= 3, f"d2's 2 s watchdog fired {seconds} of d3's seconds after its last ping"
    assert late_ns <= TRAP_BOUND_NS, f"d1 held {late_ns} ns in one trap: {m.group(0)}"
    assert ticks >= took_ns // 1_000_000 // 2, m.group(0)
    alive = len(re.findall(r"\(d3\) watchdog: alive \d+", during))
    assert alive >= took_ns // 1_000_000_000 - 1, (alive, m.group(0))
    for _ in range(3):
        console.expect_re(r"\(d3\) watchdog: alive \d+")
    fired = [l for l in console.output.splitlines() if "fired" in l]
    assert fired == ["(tessera) d2 (stop): watchdog 1 fired"], fired


def test_a_domain_rebuilt_on_pcpu_0_does_not_hold_console_input(qemu, tmp_path):
    """d1 runs on pCPU 0, which takes console input, and reboots itself for ever from a
    gzip kernel that inflates to 48 MiB, so pCPU 0 spends most of its time scrubbing and
    rebuilding d1; d2 (hello) prints a heartbeat every 100 ms on its own pCPU. QEMU counts
    time in instructions (-icount shift=0). Ctrl-a three times is typed as soon as Tessera
    says d1 is rebooting.

    Proven by "console input: d2" (d1 is out of the input rotation while it is rebuilt)
    coming within 2 of d2's heartbeats after d1's "rebooting" line, though the rebuild
    that follows takes longer than that: the rebuild runs with pCPU 0's interrupts open.

    Verifies: REQ-BOUND-004
    """
    rng = random.Random(3)
    pad = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz .,\n") for _ in range(4 << 20)) * 12
    kernel = tmp_path / "big.gz"
    kernel.write_bytes(gzip.compress(guest("reboot").read_bytes() + pad, compresslevel=6))
    dtb, loaders = host_tree(tmp_path, [Domain("big", kernel, memory_kib=128 * 1024),
                                        Domain("beat", guest("hello"))])
    console = qemu(dtb=dtb, loaders=loaders, extra=ICOUNT)
    console.expect_boot()
    console.expect("(d2) hello: heartbeat 1", timeout=300)
    console.expect("(tessera) d1 (big): rebooting", timeout=300)
    console.send(SWITCH)
    # d1 is out of the input rotation while it is rebuilt: input goes to d2.
    console.expect("console input: d2", timeout=300)
    console.expect("(d1) reboot: up", timeout=300)
    out = console.output
    answer = out.index("console input: d2")
    rebooting = out.rindex("d1 (big): rebooting", 0, answer)
    rebuilt = out.index("(d1) reboot: up", rebooting)
    heartbeat = r"\(d2\) hello: heartbeat \d+"
    beats = len(re.findall(heartbeat, out[rebooting:answer]))
    rebuild = len(re.findall(heartbeat, out[rebooting:rebuilt]))
    assert beats <= 2, f"console input waited {beats} heartbeats (the rebuild: {rebuild})"
    assert rebuild > beats, f"the rebuild took {rebuild} heartbeats, console input {beats}"
