# SPDX-License-Identifier: Apache-2.0
"""Nothing a dead domain leaves with Tessera reaches another domain: every page Tessera frees
is scrubbed (hyp/core/mm.c free_pages), whatever it held (the domain's RAM, its vCPUs' saved
registers, its console input, its stage-2 tables, its device tree)."""
import re

from domains import Domain, boot_domains, guest
from qemu import PREFIX

SWITCH = "\x01\x01\x01"
SECRET = "hunter2-residue-secret"  # guests/tests/residue.c RESIDUE_SECRET
# 64 MiB and 8 KiB: after the 2 MiB chunks, the tail is one 8 KiB block (hyp/core/domain.c
# populate_ram), the size of a struct vcpu, from the small free blocks where a dead domain's
# vCPU, domain structure, stage-2 tables and device-tree buffer went back. Before free_pages
# scrubbed, the rebuilt domain found the victim's q0-q31 there (on QEMU, 4 pCPUs, 2 GiB).
SCAN_MEMORY_KIB = 65544


def test_a_dead_domains_registers_and_typed_input_never_reach_another_domain(qemu, tmp_path):
    """d1 (the victim) receives a secret typed on its console, loads a tagged value into
    x1-x30, q0-q31 and six EL1 registers and powers off with them in place. d2 (the scanner,
    memory not a multiple of 2 MiB) then reboots, so that it is built again on memory freed
    since, and scans all its RAM but its own image for the tag and the secret.

    Proven by "(d1) residue: victim read 22 characters (the secret)", "d1 (victim): powered
    off", d2 rebooting after that and then printing "(d2) residue: CLEAN" and never
    "residue: FOUND".

    Verifies: REQ-SCRUB-001, REQ-SCRUB-002
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("victim", guest("residue"), bootargs="role=victim"),
        Domain("scanner", guest("residue"), memory_kib=SCAN_MEMORY_KIB, bootargs="role=scan"),
    ])
    console.expect("(d1) residue: victim ready", timeout=120)
    console.expect("(d2) residue: press r to reboot", timeout=120)

    console.send(SWITCH)
    console.expect(PREFIX + "console input: d1 ")
    console.send(SECRET + "\r")
    console.expect(f"(d1) residue: victim read {len(SECRET)} characters (the secret)",
                   timeout=60)
    console.expect(PREFIX + "d1 (victim): powered off", timeout=60)

    console.send(SWITCH)
    console.expect(PREFIX + "console input: d2 ")
    console.send("r")
    console.expect(PREFIX + "d2 (scanner): rebooting", timeout=60)
    after = console.output.rindex("d2 (scanner): rebooting")
    console.expect("(d2) residue: press r to reboot", timeout=180)
    scan = console.output[after:]
    assert re.search(rf"\(d2\) residue: scanned {SCAN_MEMORY_KIB} KiB", scan), scan[-2000:]
    assert "residue: FOUND" not in scan, scan[-2000:]
    assert "(d2) residue: CLEAN" in scan, scan[-2000:]
