# SPDX-License-Identifier: Apache-2.0
"""The Xen guest ABI of xen,enhanced domains, from bare-metal test guests: every hypercall
argument checked where it enters (xen_abuse), and event channels between two domains
(evtchn_ping). The guests call the hypervisor through guests/runtime/hypercall.c."""
import re

import pytest

from domains import Domain, boot_domains, guest, host_tree
from qemu import Machine

ENHANCED = {"xen,enhanced": ("s", "no-xenstore")}
ROUNDS = 10000
GICS = [pytest.param(Machine(gic=g), id=f"gicv{g}") for g in (2, 3)]


def domain_lines(text, prefix):
    return [l for l in text.splitlines() if l.startswith(prefix)]


def test_hypercall_arguments_are_validated(qemu, tmp_path):
    """xen_abuse, in an enhanced domain, calls every hypercall with what a hostile guest
    would pass: unknown hypercall numbers and sub-ops (-ENOSYS); pointers at 0, on the GIC,
    the UART, just past and across the end of its RAM, at 256 GiB, 2^48, wrapping the
    address space (-EFAULT from every call that takes one); counts beyond the bounds
    (multicall > 32, grant_table_op > 64: -EINVAL); ports 0, 1024, 4096, 0xffffffff
    (-EINVAL); closing the PV console's port (refused); domains that do not exist
    (-ESRCH) or are not its own (-EPERM); hvm set_param of the console page (-EPERM);
    add_to_physmap over the GIC, the UART or the console page (-EINVAL);
    register_vcpu_info twice (-EINVAL); a full event-channel table (-ENOSPC); closing a
    free port (-EINVAL); the FIFO ABI's init_control with a bad vCPU (-ENOENT), offset,
    frame or a second time (-EINVAL), expand_array beyond its one page (-ENOSPC),
    set_priority 16 (-EINVAL), an event queued in the guest's event words, reset back to
    2-level; SCHEDOP_poll with 129 ports or port 1024 (-EINVAL) and its timeout; ballooning
    with huge counts, lists at bad addresses, extent orders above 0, another domain's id,
    frames that are not its RAM (devices, the console page, shared_info, past RAM: 0
    extents done), populate over a mapping or outside its RAM (0), a real 2-page round trip
    (2 out, 2 in, scrubbed), and add_to_physmap_batch with per-entry errors, continuation
    starts (-EILSEQ, -EDOM), faulting lists (-EFAULT) and gmfn_range (-EOPNOTSUPP); and
    floods of 100000 sends on an unbound port, on a loopback channel and in multicalls.
    Meanwhile a plain neighbour domain keeps its 100 ms heartbeat.

    Proven by xen_abuse's "PASS:" lines (at least 150), no "FAIL:" line, "0 failed" and
    "xen_abuse: done" under "(d1)", then "d1 (xen_abuse): powered off", no hypervisor error
    line, and 5 further consecutive "(d2) hello: heartbeat" lines.

    Verifies: REQ-XEN-010, REQ-ABI-002, REQ-ABI-004, REQ-ABI-006, REQ-XEN-021
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("xen_abuse", guest("xen_abuse"), extra=ENHANCED),
        Domain("neighbour", guest("hello")),
    ])
    before = console.expect("(d1) xen_abuse: done", timeout=300)
    mine = domain_lines(before, "(d1)")
    fails = [l for l in mine if "FAIL" in l]
    assert not fails, "\n".join(fails)
    passes = [l for l in mine if "PASS: xen_abuse:" in l]
    assert len(passes) >= 150, len(passes)
    assert any(re.search(r"xen_abuse: \d+ checks, 0 failed", l) for l in mine), mine[-3:]
    for flood in ("100000 sends on an unbound port", "100000 sends on the loopback channel",
                  "3125 multicalls of 32 sends"):
        assert any(f"PASS: xen_abuse: {flood}" in l for l in passes), flood
    console.expect("d1 (xen_abuse): powered off")
    beats = []
    for _ in range(5):
        m = console.expect_re(r"\(d2\) hello: heartbeat (\d+)\r*\n")
        beats.append(int(m.group(1)))
    assert beats == list(range(beats[0], beats[0] + 5)), beats
    errors = [l for l in console.output.splitlines()
              if l.startswith("(tessera)") and re.search(r"crash|FATAL|PANIC|fault", l)]
    assert not errors, errors


def ping_pong(qemu, tmp_path, static=False, rounds=ROUNDS, extra="", machine=Machine()):
    """Boots d1 (ping) and d2 (pong), enhanced, one vCPU each; with static, their channel is
    d1:5 <-> d2:7 from xen,evtchn-v1 nodes; `extra` is added to both bootargs. Returns the
    console once Tessera has started them."""
    if static:
        args = ("role=ping peer=2 port=5 static=1", "role=pong peer=1 port=7 static=1")
    else:
        args = ("role=ping peer=2 port=2", "role=pong peer=1 port=2")
    args = tuple(f"{a} rounds={rounds} {extra}".strip() for a in args)
    domains = [Domain("ping", guest("evtchn_ping"), bootargs=args[0], extra=ENHANCED,
                      evtchns=[(5, "pong", 7)] if static else []),
               Domain("pong", guest("evtchn_ping"), bootargs=args[1], extra=ENHANCED,
                      evtchns=[(7, "ping", 5)] if static else [])]
    dtb, loaders = host_tree(tmp_path, domains, machine)
    console = qemu(machine=machine, dtb=dtb, loaders=loaders)
    console.expect_boot()
    if static:
        assert "(tessera) dom0less: static event channel d1:5 <-> d2:7" in console.output
    return console


def expect_ping_pong(console, rounds=ROUNDS):
    """Waits for both domains' "evtchn_ping: done" (in either order) and checks their
    PASS lines; returns the ping's output lines."""
    seen, text = set(), ""
    while len(seen) < 2:
        m = console.expect_re(r"\((d[12])\) evtchn_ping: done", timeout=600)
        seen.add(m.group(1))
        text += console.child.before + m.group(0) + "\n"
    ping = domain_lines(text, "(d1)")
    fails = [l for l in text.splitlines() if "FAIL" in l]
    assert not fails, fails
    m = re.search(r"\(d1\) evtchn_ping: ping: (\d+) round trips, mean (\d+) ticks "
                  r"\((\d+) ns\)", text)
    assert m and int(m.group(1)) == rounds, ping[-5:]
    assert f"(d1) PASS: evtchn_ping: {rounds} round trips" in text, ping[-5:]
    assert f"(d2) PASS: evtchn_ping: pong answered {rounds} events" in text, \
        domain_lines(text, "(d2)")[-5:]
    return ping


@pytest.mark.parametrize("machine", GICS)
def test_two_domains_ping_pong_over_a_dynamic_event_channel(qemu, tmp_path, machine):
    """Two enhanced domains, one vCPU each, on GICv2 and GICv3: d1 allocates an unbound
    port for d2 (alloc_unbound: port 2, the first after the PV console's), d2 binds to it
    (bind_interdomain, retried until d1 has allocated it) and says "ready"; then 10000
    round trips, each a send from d1 and an answer from d2's upcall handler, each waited for
    in WFI through the 2-level ABI (pending bit, selector, upcall flag, PPI 15).

    Proven by "(d1) PASS: evtchn_ping: 10000 round trips" with the mean round trip printed,
    "(d2) PASS: evtchn_ping: pong answered 10000 events" (not one more: the binder's own
    connect notification is not an event from d1), and no "FAIL" line: in particular no
    round trip over 500 ms, which only the guests' 1 s watchdog tick could have ended (a
    lost wake-up).

    Verifies: REQ-XEN-011
    """
    console = ping_pong(qemu, tmp_path, machine=machine)
    ping = expect_ping_pong(console)
    assert "(d1) evtchn_ping: ping: alloc_unbound(remote_dom 2) = 0, port 2" in ping, ping


def test_two_domains_ping_pong_over_a_static_event_channel(qemu, tmp_path):
    """The same 10000 round trips over a channel the host device tree declares (Xen's
    binding: xen,evtchn-v1 children of both xen,domain nodes, xen,evtchn = <local-port
    &peer-node>): d1's port 5 and d2's port 7 are connected before either domain runs; the
    guests only use them.

    Proven by Tessera's "dom0less: static event channel d1:5 <-> d2:7", then the same PASS
    lines as over a dynamic channel and no "FAIL" line.

    Verifies: REQ-XEN-011
    """
    console = ping_pong(qemu, tmp_path, static=True)
    expect_ping_pong(console)


def test_a_vcpu_blocked_in_schedop_block_is_woken_by_an_event(qemu, tmp_path):
    """The same 10000 round trips over a dynamic channel, but both domains wait in the
    hypercall SCHEDOP_block instead of WFI: an event for a blocked vCPU wakes it.

    Proven by the same PASS lines as with WFI and no "FAIL" line (no round trip ended only
    by the 1 s watchdog tick).

    Verifies: REQ-XEN-011
    """
    console = ping_pong(qemu, tmp_path, extra="wait=block")
    ping = expect_ping_pong(console)
    assert any("waits in SCHEDOP_block" in l for l in ping), ping[:3]


def test_a_vcpu_in_schedop_poll_is_woken_by_a_send_to_its_masked_port(qemu, tmp_path):
    """The same 10000 round trips over a dynamic channel, but the pong masks its port and
    waits in SCHEDOP_poll on it with no timeout, answering from there: the masked port
    raises no upcall, so only the poll's wake-up on the send ends each wait promptly (else
    the 1 s watchdog tick would, and the ping fails the round trip as slow); a poll that
    does not answer 0 (as -ENOSYS did) fails the pong.

    Proven by "waits in SCHEDOP_poll" from the pong, the same PASS lines and no "FAIL" line.

    Verifies: REQ-ABI-006
    """
    console = ping_pong(qemu, tmp_path, extra="wait=poll")
    expect_ping_pong(console)
    assert "(d2) evtchn_ping: pong, peer d1, port 2, dynamic, 10000 rounds, watchdog 1000 " \
        "ms, waits in SCHEDOP_poll" in console.output


def test_a_page_holding_vcpu_info_is_not_given_back(qemu, tmp_path):
    """A guest registers its vcpu_info in a page of its RAM, then places shared_info over
    that frame (add_to_physmap gives the RAM page that was there back to the hypervisor)
    and makes the hypervisor allocate a stage-2 table page. The hypervisor must refuse, or
    keep the page while vcpu_info is there (as Xen does with a page reference): the events
    it then delivers must not land in whatever the page became.

    Proven by xen_abuse (probe=vcpu_info_uaf): "PASS: xen_abuse: giving back the vcpu_info
    page is refused" or "PASS: xen_abuse: our stage 2 is intact ...", no "FAIL" line, and no
    abort injected into d1.

    Verifies: REQ-XEN-010
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("xen_abuse", guest("xen_abuse"), bootargs="probe=vcpu_info_uaf",
               extra=ENHANCED)])
    before = console.expect("(d1) xen_abuse: done", timeout=120)
    mine = domain_lines(before, "(d1)")
    fails = [l for l in mine if "FAIL" in l]
    assert not fails, "\n".join(mine[-8:])
    assert any("PASS: xen_abuse: giving back the vcpu_info page is refused" in l or
               "PASS: xen_abuse: our stage 2 is intact" in l for l in mine), mine[-8:]
    assert "abort injected" not in before


def test_a_ram_page_replaced_by_add_to_physmap_is_scrubbed(qemu, tmp_path):
    """A guest writes a marker into a RAM page, places shared_info over that frame
    (add_to_physmap gives the page back to the hypervisor) and reboots; the rebuilt domain,
    on the same memory, looks for the marker in all of its RAM. The page must have been
    scrubbed when it was given back, as every page a domain leaves is.

    Proven by xen_abuse (probe=physmap_scrub) on three boots in a row: "PASS: xen_abuse: no
    page a previous life gave up through add_to_physmap is unscrubbed", add_to_physmap
    answering 0 and no "FAIL" line.

    Verifies: REQ-XEN-010
    """
    console = boot_domains(qemu, tmp_path, [
        Domain("xen_abuse", guest("xen_abuse"), bootargs="probe=physmap_scrub",
               extra=ENHANCED)])
    for _ in range(3):
        before = console.expect("(d1) xen_abuse: done", timeout=120)
        mine = domain_lines(before, "(d1)")
        assert not [l for l in mine if "FAIL" in l], "\n".join(mine[-8:])
        assert any("PASS: xen_abuse: no page a previous life" in l for l in mine), mine[-8:]
        assert any("add_to_physmap(shared_info over the marker page) = 0" in l
                   for l in mine), mine[-8:]


def test_one_domain_cannot_take_all_memory_for_its_stage_2(qemu, tmp_path):
    """A guest places shared_info at 400000 frames 2 MiB apart in the empty guest space of
    RAM bank 1 (add_to_physmap), each needing a new stage-2 table page (over 1.5 GiB in all).
    The hypervisor must bound what one domain takes (Xen: the P2M pool): afterwards at
    least half of the memory free at boot is still free and the neighbour domain runs.

    Proven by "xen_abuse: physmap flood: ..." and "xen_abuse: done" under "(d1)", then the
    'm' debug key's "free N KiB" at least half the boot summary's free RAM, and 3 further
    "(d2) hello: heartbeat" lines.

    Verifies: REQ-XEN-010
    """
    dtb, loaders = host_tree(tmp_path, [
        Domain("xen_abuse", guest("xen_abuse"), bootargs="probe=physmap_flood count=400000",
               extra=ENHANCED),
        Domain("neighbour", guest("hello"))])
    console = qemu(dtb=dtb, loaders=loaders)
    summary = console.expect_boot()
    boot_free_mib = int(re.search(r"(\d+) MiB free", summary["RAM"]).group(1))
    before = console.expect("(d1) xen_abuse: done", timeout=300)
    flood = [l for l in domain_lines(before, "(d1)") if "physmap flood" in l]
    m = None
    for _ in range(3):  # a key can be lost while the UART is busy: ask again
        console.send("m")
        try:
            m = console.expect_re(r"RAM \d+ KiB, free (\d+) KiB", timeout=10)
            break
        except AssertionError:
            pass
    assert m, "no answer to the 'm' debug key"
    free_mib = int(m.group(1)) // 1024
    assert free_mib >= boot_free_mib // 2, (
        f"{free_mib} MiB free after the flood, {boot_free_mib} MiB at boot: {flood}")
    for _ in range(3):
        console.expect_re(r"\(d2\) hello: heartbeat \d+")


def test_a_peer_rebooting_under_a_send_flood_takes_nothing_down(qemu, tmp_path):
    """d1 sends on its static channel to d2 without pause, forever; d2 takes the events for
    300 ms, then reboots (PSCI SYSTEM_RESET), over and over. Each reboot tears d2 down while
    d1's sends are raising events into d2's pages on another pCPU: the hypervisor must hold
    d2's structure until those sends are done (domain_get/domain_put), rebuild d2 and
    reconnect the static channel, and d1 must keep going.

    Proven by 8 "(d2) evtchn_ping: reboot: N events, rebooting" lines, events counted in a
    later life than the first (the channel reconnected), d1's "flood: N sends" still growing
    after the last reboot, and no hypervisor fault, FATAL or crash line.

    Verifies: REQ-ABI-011
    """
    domains = [Domain("flood", guest("evtchn_ping"), bootargs="role=flood static=1 port=5",
                      extra=ENHANCED, evtchns=[(5, "reboot", 7)]),
               Domain("reboot", guest("evtchn_ping"), bootargs="role=reboot static=1 port=7",
                      extra=ENHANCED, evtchns=[(7, "flood", 5)])]
    console = boot_domains(qemu, tmp_path, domains)
    events = []
    for _ in range(8):
        m = console.expect_re(r"\(d2\) evtchn_ping: reboot: (\d+) events, rebooting",
                              timeout=120)
        events.append(int(m.group(1)))
    sends = []
    while len(sends) < 2:
        m = console.expect_re(r"\(d1\) evtchn_ping: flood: (\d+) sends, \d+ errors\r*\n",
                              timeout=60)
        sends.append(int(m.group(1)))
    assert sends[1] > sends[0], sends
    assert any(n > 0 for n in events[1:]), events
    for bad in ("FATAL", "crashed", "Hypervisor fault", "panic"):
        assert bad not in console.output, bad
