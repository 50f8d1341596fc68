# SPDX-License-Identifier: Apache-2.0
"""The two hypervisors the benchmarks compare, and one boot of either under QEMU.

Both boot on the same QEMU machine (tests/system/qemu.py's Machine: virt, virtualization=on,
GICv3, 4 Cortex-A57, 2 GiB) from the same host device tree (tests/system/domains.py's
host_tree: QEMU's own tree plus /chosen xen,domain nodes and xen,xen-bootargs), with the same
guest files loaded at the same addresses. Only -kernel differs.
"""
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pexpect

TOP = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP / "tests" / "system"))

# pylint: disable=wrong-import-position
from domains import LINUX, Domain, guest, host_tree  # noqa: E402,F401
from qemu import BUILD, QEMU, Console, Machine, qemu_command  # noqa: E402,F401

MACHINE = Machine()  # virt,virtualization=on,gic-version=3, cortex-a57, -smp 4, -m 2G
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
CTRL_A_3 = "\x01\x01\x01"
# Xen's console: the same options Tessera reads (Xen docs/misc/xen-command-line.pandoc).
BASE_BOOTARGS = "console=dtuart dtuart=serial0"


@dataclass(frozen=True)
class Hypervisor:
    key: str  # "tessera" or "xen"
    name: str
    image: Path
    domain_prefix: str  # regular expression before a domain's line; {d} is its id
    scheduler_re: str  # what the console says about the scheduler it runs
    stop_markers: tuple  # lines after which the machine never gets on with it
    debug_prompt: str  # what says console input reached the hypervisor
    input_at_boot: bool  # console input goes to the hypervisor first

    def line_re(self, domid, text_re):
        return self.domain_prefix.format(d=domid) + text_re

    def scheduler(self, output):
        m = re.search(self.scheduler_re, output)
        return m.group(1) if m else None


TESSERA = Hypervisor(
    key="tessera",
    name="Tessera",
    image=BUILD / "tessera.bin",
    domain_prefix=r"\(d{d}\) ",
    scheduler_re=r"\(tessera\)\s+scheduler:\s+(\S+?),",
    stop_markers=("(tessera) FATAL:", "(tessera) PANIC:", "(tessera) *** Hypervisor fault"),
    debug_prompt="console input: Tessera",
    input_at_boot=True,
)
XEN = Hypervisor(
    key="xen",
    name="Xen 4.17",
    image=BUILD / "xen" / "xen",
    # Xen's vpl011 for dom0less domains prints through Xen's own console: "(XEN) DOM1: ...";
    # a debug build of Xen would say "(d1) ...".
    domain_prefix=r"(?:\(XEN\) DOM{d}: |\(d{d}\) )",
    scheduler_re=r"Using scheduler: .*?\((\w+)\)",
    stop_markers=("Panic on CPU",),
    debug_prompt="Serial input to Xen",
    input_at_boot=False,
)
HYPERVISORS = (TESSERA, XEN)


class Boot:
    """One QEMU running one hypervisor with these domains; its console log is kept in
    build/bench/logs/<name>.log. A context manager: QEMU is always stopped at the end."""

    def __init__(self, hyp, name, domains, bootargs=BASE_BOOTARGS, icount=False, out=None):
        self.hyp = hyp
        self.name = name
        work = Path(out) / "work" / name
        work.mkdir(parents=True, exist_ok=True)
        dtb, loaders = host_tree(work, domains, MACHINE, bootargs=bootargs)
        self.cmd = qemu_command(MACHINE, kernel=hyp.image, dtb=dtb, loaders=loaders)
        if icount:
            self.cmd += ICOUNT
        self.log = Path(out) / "logs" / f"{name}.log"
        self.console = None
        self.t0 = None

    def __enter__(self):
        if not self.hyp.image.is_file():
            raise RuntimeError(f"{self.hyp.image} is missing (make all; scripts/fetch-xen.sh)")
        self.t0 = time.monotonic()
        self.console = Console(self.cmd, self.log)
        return self

    def __exit__(self, *exc):
        self.console.stop()
        return False

    def elapsed(self):
        return time.monotonic() - self.t0

    @property
    def output(self):
        return self.console.output

    def expect_re(self, pattern, timeout):
        """Waits for the regular expression; returns the match. Raises RuntimeError with the
        log's name on a timeout, QEMU's exit or a hypervisor stop line."""
        try:
            return self.console.expect_re(pattern, timeout=timeout,
                                          fail_on=self.hyp.stop_markers)
        except AssertionError as e:
            raise self.error(str(e).split(" (console log:")[0]) from None

    @property
    def log_ref(self):
        """The console log's name as the table shows it."""
        return f"{self.log.parent.name}/{self.log.name}"

    def error(self, what):
        """A RuntimeError saying what went wrong and where the console log is."""
        return RuntimeError(f"{what} [log {self.log_ref}]")

    def wait_all(self, patterns, timeout):
        """Waits until each regular expression has matched somewhere in the output, in any
        order (several domains print at once)."""
        deadline = time.monotonic() + timeout
        while True:
            missing = [p for p in patterns if not re.search(p, self.output)]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise self.error(f"timed out after {timeout} s waiting for {missing[0]!r}")
            if not self.console.child.isalive():
                raise self.error(f"QEMU exited while waiting for {missing[0]!r}")
            for stop in self.hyp.stop_markers:
                if stop in self.output:
                    raise self.error(f"{self.hyp.name} stopped: {stop!r}")
            self.drain(0.5)

    def expect_domain(self, domid, text_re, timeout):
        return self.expect_re(self.hyp.line_re(domid, text_re), timeout)

    def drain(self, seconds):
        """Reads whatever the machine prints for a while (pexpect only reads on expect)."""
        try:
            self.console.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=seconds)
        except pexpect.ExceptionPexpect:
            pass

    def debug_key(self, key, answer_re, timeout=20):
        """Moves console input to the hypervisor (Tessera has it after boot; Xen gives it to
        dom0, then each domain, then itself, one step per Ctrl-a three times), presses `key`
        and returns the match of `answer_re`."""
        for _ in range(0 if self.hyp.input_at_boot else 4):
            if self.hyp.debug_prompt in self.output:
                break
            self.console.send(CTRL_A_3)
            self.drain(1)
        if not self.hyp.input_at_boot and self.hyp.debug_prompt not in self.output:
            raise self.error(f"console input never reached {self.hyp.name}")
        self.console.send(key)
        return self.expect_re(answer_re, timeout)

    def scheduler(self):
        return self.hyp.scheduler(self.output)
