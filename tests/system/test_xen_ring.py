# SPDX-License-Identifier: Apache-2.0
"""A split driver's data path between two bare-metal domains (guests/tests/ring.c): a ring in
Xen's io/ring.h layout in one page the frontend grants, the backend maps with
GNTTABOP_map_grant_ref, and a static event channel between them; 1 MiB goes through it."""
import re

import pytest

from domains import Domain, guest, host_tree
from qemu import Machine

ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}
TOTAL = 1024 * 1024
SEED = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def stream_crc32():
    """The CRC-32 of the guests' stream: xorshift64 words, little-endian bytes."""
    import zlib
    state, out = SEED, bytearray()
    for _ in range(TOTAL // 8):
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        out += state.to_bytes(8, "little")
    return zlib.crc32(bytes(out))


@pytest.mark.parametrize("machine", [pytest.param(Machine(gic=g), id=f"gicv{g}")
                                     for g in (2, 3)])
def test_two_domains_pass_1_mib_through_a_granted_ring(qemu, tmp_path, machine):
    """d1 (front) places its grant frame 0, grants d2 a ring page (ref 8, writable) and a
    pattern page (ref 9, read-only) and says so over the static channel d1:5 <-> d2:7; d2
    (back) maps ref 8 at 2 GiB with GNTTABOP_map_grant_ref; a writable map of ref 9 is
    refused and its read-only map faults on a write; d1 cannot give the mapped ring page
    back (decrease_reservation does 0 extents) and d2 can neither give back nor place
    shared_info over its mapping. Then 1 MiB of a xorshift64 stream
    crosses the ring in 248-byte requests (4229 and a final one carrying the front's
    CRC-32), with notifications only when the other side asked (req_event/rsp_event); the
    back answers its own CRC-32, then unmaps and the entries' in-use bits clear.

    Proven, on GICv2 and GICv3, by "(d1) PASS: ring: front sent 1048576 bytes, checksum
    0x<crc>, the back's too" and "(d2) PASS: ring: back received 1048576 bytes, checksum
    0x<crc>, the front's too" with <crc> the CRC-32 this test computes from the same
    stream, "(d2) PASS: ring: back: the read-only grant stays read-only", "(d1) PASS: ring:
    front: the back unmapped both grants", the two "cannot be given back" PASS lines, and no
    "FAIL" line.

    Verifies: REQ-XEN-020
    """
    domains = [Domain("front", guest("ring"), bootargs="role=front peer=2 port=5 ref=8",
                      extra=ENHANCED, evtchns=[(5, "back", 7)]),
               Domain("back", guest("ring"), bootargs="role=back peer=1 port=7 ref=8",
                      extra=ENHANCED, evtchns=[(7, "front", 5)])]
    dtb, loaders = host_tree(tmp_path, domains, machine)
    console = qemu(machine=machine, dtb=dtb, loaders=loaders)
    console.expect_boot()
    seen, text = set(), ""
    while len(seen) < 2:
        m = console.expect_re(r"\((d[12])\) ring: done", timeout=600)
        seen.add(m.group(1))
        text += console.child.before + m.group(0) + "\n"
    fails = [l for l in text.splitlines() if "FAIL" in l]
    assert not fails, fails
    crc = f"0x{stream_crc32():08x}"
    assert (f"(d1) PASS: ring: front sent {TOTAL} bytes, checksum {crc}, the back's too"
            in text), re.findall(r"\(d1\) .*", text)[-5:]
    assert (f"(d2) PASS: ring: back received {TOTAL} bytes, checksum {crc}, the front's too"
            in text), re.findall(r"\(d2\) .*", text)[-5:]
    assert "(d2) PASS: ring: back: the read-only grant stays read-only" in text
    assert "(d1) PASS: ring: front: the back unmapped both grants" in text
    assert "(d1) PASS: ring: front: a page the back has mapped cannot be given back" in text
    assert "(d2) PASS: ring: back: the grant mapping cannot be given back or replaced" in text
