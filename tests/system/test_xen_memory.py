# SPDX-License-Identifier: Apache-2.0
"""Ballooning (XENMEM_decrease_reservation / populate_physmap) from a bare-metal guest
(guests/tests/balloon.c); the hostile cases are in xen_abuse (test_xen_abi.py)."""
import re

from domains import Domain, boot_domains, guest

ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}


def test_a_domain_balloons_pages_out_and_back_in(qemu, tmp_path):
    """balloon gives 512 pages of its RAM back in one decrease_reservation (512 extents
    done), finds them gone (reads fault), takes them back in one populate_physmap (512
    done; the first frame listed again is refused as mapped) and finds them zeroed and
    writable, 3 times. A plain neighbour keeps its heartbeat.

    Proven by "(d1) PASS: balloon: 512 pages out and back in, 3 rounds", three "round N:
    512 pages out = 512, faulting yes, in (and the first again) = 512, 0 bad bytes" lines,
    "balloon: done", no "FAIL" line, "d1 (balloon): powered off" (its memory, ballooned
    pages included, freed without complaint), and 3 further "(d2) hello: heartbeat" lines.

    Verifies: REQ-XEN-021
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("balloon", guest("balloon"), bootargs="pages=512 rounds=3", extra=ENHANCED),
        Domain("neighbour", guest("hello"))])
    before = console.expect("(d1) balloon: done", timeout=300)
    mine = [l for l in before.splitlines() if l.startswith("(d1)")]
    assert not [l for l in mine if "FAIL" in l], mine[-6:]
    rounds = [l for l in mine if re.search(r"round \d: 512 pages out = 512, faulting yes, "
                                           r"in \(and the first again\) = 512, 0 bad bytes", l)]
    assert len(rounds) == 3, mine[-6:]
    assert "(d1) PASS: balloon: 512 pages out and back in, 3 rounds" in before
    console.expect("d1 (balloon): powered off")
    for _ in range(3):
        console.expect_re(r"\(d2\) hello: heartbeat \d+")
