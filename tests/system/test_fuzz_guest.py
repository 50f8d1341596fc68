# SPDX-License-Identifier: Apache-2.0
"""A hostile guest of our own (guests/tests/fuzz.c): seeded random MMIO to its virtual GIC,
vpl011 and holes at every size and in undecodable forms, random system-register accesses,
hypercalls with random numbers and garbage arguments, and random SMCCC/PSCI calls, for a
bounded number of operations, in a xen,enhanced domain beside a neighbour whose heartbeat
must not falter. `make fuzz-guests` runs the same longer and with more seeds
(TESSERA_FUZZ_GUEST_OPS, TESSERA_FUZZ_GUEST_SEEDS); a failure names the seed that
reproduces it: boot the fuzz guest with bootargs "seed=<seed> ops=<ops>"."""
import os
import re
import time

import pytest

from domains import Domain, boot_domains, guest
from qemu import PREFIX, STOP_MARKERS, Machine

OPS = int(os.environ.get("TESSERA_FUZZ_GUEST_OPS", "100000"))
SEEDS = [int(s) for s in os.environ.get("TESSERA_FUZZ_GUEST_SEEDS", "1").split(",")]
# The neighbour's heartbeat period is 100 ms; under TCG on a loaded host the gap between two
# lines arriving may stretch, but a neighbour starved by the fuzzer stops for much longer.
MAX_GAP_S = 5.0
HEARTBEAT = re.compile(r"\(d1\) hello: heartbeat (\d+)\r*\n")
# A heartbeat, or the end of the fuzz domain (group 1 is None then).
BEAT_OR_END = HEARTBEAT.pattern + "|" + re.escape(PREFIX) + r"d2 \(fuzz\): (powered off|crashed)"


def cases():
    for gic in (2, 3):
        for seed in SEEDS:
            yield pytest.param(gic, seed, id=f"gicv{gic}-seed{seed}")


@pytest.mark.parametrize("gic,seed", list(cases()))
def test_fuzz_guest_leaves_tessera_and_its_neighbour_running(qemu, tmp_path, gic, seed):
    """The fuzz guest does all its operations and powers off; meanwhile every heartbeat of
    the neighbour arrives, in order and never more than MAX_GAP_S apart, and Tessera never
    faults, panics or crashes a domain.

    Proven by "(d2) fuzz: N ops done", "d2 (fuzz): powered off", consecutive
    "(d1) hello: heartbeat N" lines throughout and after it, and no "*** Hypervisor fault",
    "PANIC:", "FATAL:" or "crashed" line.

    Verifies: REQ-ROBUST-006
    """
    machine = Machine(gic=gic)
    domains = [Domain("neighbour", guest("hello")),
               Domain("fuzz", guest("fuzz"), bootargs=f"seed={seed} ops={OPS}",
                      extra={"xen,enhanced": ("s", "no-xenstore")})]
    console = boot_domains(qemu, tmp_path, domains, machine=machine)
    beats, arrivals = [], []
    done = re.compile(r"\(d2\) fuzz: (\d+) ops done")
    deadline = time.monotonic() + 60 + OPS / 100
    while time.monotonic() < deadline:
        m = console.expect_re(BEAT_OR_END, timeout=MAX_GAP_S * 4)
        if m.group(1) is None:
            break
        beats.append(int(m.group(1)))
        arrivals.append(time.monotonic())
    out = console.output
    assert done.search(out), f"seed {seed}: the fuzz guest did not finish"
    assert int(done.search(out).group(1)) == OPS
    assert PREFIX + "d2 (fuzz): powered off" in out, f"seed {seed}"
    for _ in range(5):  # the neighbour goes on after the fuzzer's end
        m = console.expect_re(HEARTBEAT.pattern)
        beats.append(int(m.group(1)))
        arrivals.append(time.monotonic())
    for marker in STOP_MARKERS + (PREFIX + "d1 (neighbour): crashed", "crashed:"):
        assert marker not in console.output, f"seed {seed}: {marker}"
    assert len(beats) >= 10, beats
    assert beats == list(range(beats[0], beats[0] + len(beats))), f"seed {seed}: {beats}"
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert max(gaps) < MAX_GAP_S, f"seed {seed}: heartbeat gap {max(gaps):.1f} s"

