# SPDX-License-Identifier: Apache-2.0
"""sched_op's watchdogs and shutdown code (guests/tests/watchdog.c)."""
import re
import time

from domains import Domain, boot_domains, guest

ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}


def test_a_domain_that_stops_pinging_its_watchdog_is_shut_down(qemu, tmp_path):
    """d1 checks SCHEDOP_watchdog (ids 1 and 2 created, a third -ENOSPC, unknown and freed
    ids -EINVAL, timeout 0 frees), keeps watchdog 1 (2 s) alive for 4 s of pings, then stops
    pinging; d2 pings its own 1 s watchdog every 200 ms; d3 records shutdown_code crash
    (then reboot, ignored) and asks to power off.

    Proven by d1's PASS lines and "watchdog: stopped pinging", then Tessera's "d1
    (stop): watchdog 1 fired" and "d1 (stop): shut down (watchdog)" within 2-4 s of that
    line (none during the pings); "d3 (code): crashed: ..." (the recorded code, not "powered off"); and d2 still
    printing "watchdog: alive N" 3 more times after d1 was shut down, with no "FAIL" line.

    Verifies: REQ-XEN-022
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("stop", guest("watchdog"), bootargs="mode=stop", extra=ENHANCED),
        Domain("keep", guest("watchdog"), bootargs="mode=keep", extra=ENHANCED),
        Domain("code", guest("watchdog"), bootargs="mode=code", extra=ENHANCED)])
    before = console.expect("(d1) watchdog: stopped pinging", timeout=120)
    d1 = [l for l in before.splitlines() if l.startswith("(d1)")]
    assert not [l for l in d1 if "FAIL" in l], d1
    assert len([l for l in d1 if l.startswith("(d1) PASS: watchdog:")]) == 11, d1
    assert "watchdog 1 fired" not in before  # 4 s of pings kept the 2 s watchdog quiet
    stopped = time.monotonic()
    console.expect("d1 (stop): watchdog 1 fired", timeout=30)
    fired = time.monotonic() - stopped
    console.expect("d1 (stop): shut down (watchdog)")
    assert 1.0 <= fired <= 10, f"fired {fired:.1f} s after the last ping's line"
    for _ in range(3):
        console.expect_re(r"\(d2\) watchdog: alive \d+\r*\n")
    out = console.output
    assert re.search(r"d3 \(code\): crashed: the guest reported a crash", out), \
        [l for l in out.splitlines() if "d3" in l]
    assert "d3 (code): powered off" not in out
    assert not [l for l in out.splitlines() if "FAIL" in l]
