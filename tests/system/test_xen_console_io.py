# SPDX-License-Identifier: Apache-2.0
"""console_io (Xen hypercall 18) from the bare-metal guest console_io: CONSOLEIO_read gives
the domain holding the console input what is typed, and CONSOLEIO_write is held to a
per-domain budget so that a flooding domain does not bury the others (hyp/pv/console.c,
hyp/core/console_budget.c)."""
import re

from domains import Domain, boot_domains, guest
from qemu import PREFIX

ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}
CTRL_A = "\x01"
WORD = "tessera-42"
IDLE_S = 30
FLOOD_S = 4
# hyp/tessera/console_budget.h
BURST = 16384
RATE = 4096


def domain_lines(text, prefix):
    return [l for l in text.splitlines() if l.startswith(prefix)]


def test_console_io_read_gives_the_typed_line_to_the_domain_holding_the_input(qemu, tmp_path):
    """d1 and d2 are xen,enhanced console_io guests. The test moves console input to d1
    (Ctrl-a three times) and types a word and Enter. d1 reads it with CONSOLEIO_read: first
    into a bad buffer (-EFAULT, nothing consumed), then 3 characters at most, then the rest;
    counts above 2^31-1 answer -E2BIG. d2, which does not hold the input, reads 0 for 30 s
    meanwhile.

    Proven by "(tessera) console input: d1", then "(d1) console_io: read 10 characters:
    'tessera-42'" (the first character kept through the fault) and d1's PASS lines; d2's
    "PASS: console_io: idle: N reads, 0 not 0" printed after that; no "FAIL" line.

    Verifies: REQ-XEN-024
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("reader", guest("console_io"), bootargs=f"role=read expect={WORD}",
               extra=ENHANCED),
        Domain("idle", guest("console_io"), bootargs=f"role=idle secs={IDLE_S}",
               extra=ENHANCED)])
    console.expect("(d1) console_io: read: ready for input", timeout=120)
    console.send(CTRL_A * 3)
    console.expect(PREFIX + "console input: d1")
    console.send(WORD + "\r")
    console.expect(f"(d1) console_io: read {len(WORD)} characters: '{WORD}'")
    before = console.expect("(d1) console_io: done")
    console.expect_re(r"\(d2\) PASS: console_io: idle: [1-9]\d* reads, 0 not 0",
                      timeout=IDLE_S * 4)
    mine = domain_lines(console.output, "(d1)")
    for check in ("read(count 0) = 0", "read(count 2^31) = -7 E2BIG",
                  "read(count 2^40) = -7 E2BIG",
                  "read(into a bad buffer) with input waiting = -14 EFAULT",
                  "read(count 3) = 3", "read what was typed, from its first character"):
        assert f"(d1) PASS: console_io: {check}" in mine, (check, mine)
    fails = [l for l in console.output.splitlines() if "FAIL" in l]
    assert not fails, fails
    assert "(d1) console_io: 0 failed" in before + console.output


def test_a_console_io_flood_is_held_to_its_budget(qemu, tmp_path):
    """d1 writes 4 KiB with console_io in a loop for 4 s (and a bad buffer every 64 calls);
    d2, a plain hello, prints its heartbeat every 100 ms meanwhile. d1's output must stay
    within its budget (16384 characters at once, 4096 a second), the neighbour's heartbeat
    must go on, and the drop must be said when d1's output resumes.

    Proven, between "(d1) console_io: flood: start" and "(d1) console_io: flood: N calls of
    4096 characters in T ms": at most 16384 + 4096 * T / 1000 + 4096 characters of d1's
    flood lines, while d1 wrote at least 4 times that; at least T / 200 consecutive "(d2)
    hello: heartbeat" lines; a "(d1) console_io: suppressed N characters" line; then, after
    the flood, the note again and "(d1) console_io: written after the flood" (normal output
    comes back); the bad buffers answered -EFAULT; no "FAIL" line.

    Verifies: REQ-XEN-025
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("flood", guest("console_io"), bootargs=f"role=flood secs={FLOOD_S}",
               extra=ENHANCED),
        Domain("neighbour", guest("hello"))])
    console.expect("(d1) console_io: flood: start", timeout=120)
    m = console.expect_re(r"\(d1\) console_io: flood: (\d+) calls of 4096 characters in "
                          r"(\d+) ms\r*\n", timeout=600)
    calls, ms = int(m.group(1)), int(m.group(2))
    during = console.child.before
    shown = sum(len(l) - len("(d1) ") + 1
                for l in domain_lines(during, "(d1) console_io: flood "))
    assert shown <= BURST + RATE * ms // 1000 + 4096, (shown, calls, ms)
    assert calls * 4096 >= 4 * shown, (shown, calls, ms)
    beats = [int(b) for b in re.findall(r"\(d2\) hello: heartbeat (\d+)", during)]
    assert len(beats) >= ms // 200, (len(beats), ms)
    assert beats == list(range(beats[0], beats[0] + len(beats))), beats
    assert re.search(r"\(d1\) console_io: suppressed [1-9]\d* characters", during), \
        domain_lines(during, "(d1)")[-5:]
    note = console.expect_re(r"\(d1\) console_io: suppressed ([1-9]\d*) characters\r*\n",
                             timeout=60)
    assert int(note.group(1)) > 0
    console.expect("(d1) console_io: written after the flood")
    console.expect("(d1) console_io: done")
    fails = [l for l in console.output.splitlines() if "FAIL" in l]
    assert not fails, fails
    assert "(d1) PASS: console_io: flood: bad buffers not answered -EFAULT = 0" in \
        console.output
