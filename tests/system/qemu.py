# SPDX-License-Identifier: Apache-2.0
"""Boots Tessera under QEMU for the system tests and talks to its console.

`start()` launches one QEMU (virt, virtualization=on, at EL2) and returns a `Console`: a
pexpect child whose whole output is also written to build/test-logs/<test-name>.log.
`dumped_dtb()` gives QEMU's own device tree for a machine configuration, cached under build/.
"""
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pexpect

TOP = Path(__file__).resolve().parents[2]
# The build to test: the Makefile's $(BUILD), passed as TESSERA_BUILD; build/ by default.
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build")).resolve()
IMAGE = BUILD / "tessera.bin"
ELF = BUILD / "tessera.elf"
SHIM = BUILD / "tests" / "shim.bin"
LOG_DIR = BUILD / "test-logs"
DTB_CACHE = BUILD / "test-dtb"
QEMU = "qemu-system-aarch64"
UBOOT = Path("/usr/lib/u-boot/qemu_arm64/u-boot.bin")

# QEMU's TCG on a loaded 2-core machine is slow, but nothing may wait for ever.
EXPECT_TIMEOUT = 60
PREFIX = "(tessera) "
BOOT_DONE = "'h' lists debug keys."
# Lines after which Tessera never gets on with a boot: an expect that meets one fails at once
# (unless the test passes fail_on=() because it expects them).
STOP_MARKERS = (PREFIX + "FATAL:", PREFIX + "PANIC:", PREFIX + "*** Hypervisor fault")

# QEMU virt: RAM starts at 1 GiB; -kernel puts an Image 2 MiB above that and the DTB at
# +128 MiB. Blobs the tests place themselves go at BLOB_ADDR, clear of both.
RAM_BASE = 0x40000000
DEFAULT_IMAGE_ADDR = RAM_BASE + 0x200000
BLOB_ADDR = 0x4C000000


@dataclass(frozen=True)
class Machine:
    """The QEMU machine options a test boots with."""

    gic: int = 3
    cpu: str = "cortex-a57"
    smp: int = 4
    memory: str = "2G"

    def __str__(self):
        return f"gicv{self.gic}-{self.cpu}-smp{self.smp}-{self.memory}"

    def machine_option(self, extra=""):
        return f"virt,virtualization=on,gic-version={self.gic}{extra}"

    def args(self, extra_machine_option=""):
        return ["-machine", self.machine_option(extra_machine_option), "-cpu", self.cpu,
                "-smp", str(self.smp), "-m", self.memory]

    @property
    def ram_mib(self):
        units = {"M": 1, "G": 1024}
        return int(self.memory[:-1]) * units[self.memory[-1]]


DEFAULT_MACHINE = Machine()
COMMON_ARGS = ["-nographic", "-monitor", "none", "-nic", "none",
               # The console on stdio without QEMU's signal keys: a Ctrl-C the test types
               # reaches the guest instead of stopping QEMU.
               "-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console",
               # QEMU's escape key away from Ctrl-a, which is Tessera's console switch.
               "-echr", "0x1d"]


def require_built(*paths):
    """Fails (never skips) when a build product the tests need is missing."""
    missing = [str(p) for p in paths if not Path(p).is_file()]
    assert not missing, f"not built: {', '.join(missing)}: run `make all shim` first"


def _qemu_version():
    out = subprocess.run([QEMU, "--version"], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()[0]


def dumped_dtb(machine=DEFAULT_MACHINE):
    """QEMU's own device tree for `machine`, dumped once and cached under build/test-dtb/
    (the name includes a hash of QEMU's version, so a new QEMU dumps again)."""
    tag = hashlib.sha1(_qemu_version().encode()).hexdigest()[:8]
    path = DTB_CACHE / f"virt-{machine}-{tag}.dtb"
    if path.is_file():
        return path
    DTB_CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    subprocess.run([QEMU, *machine.args(f",dumpdtb={tmp}"), *COMMON_ARGS], check=True,
                   capture_output=True, timeout=EXPECT_TIMEOUT)
    os.replace(tmp, path)
    return path


def qemu_command(machine=DEFAULT_MACHINE, kernel=IMAGE, dtb=None, loaders=(), bios=None,
                 extra=()):
    """The QEMU command line. `loaders` is a list of (file, address): each file is placed in
    RAM, raw, by `-device loader` (which does not touch the CPUs). `extra`: more options."""
    cmd = [QEMU, *machine.args(), *COMMON_ARGS, *extra]
    if bios is not None:
        cmd += ["-bios", str(bios)]
    if kernel is not None:
        cmd += ["-kernel", str(kernel)]
    if dtb is not None:
        cmd += ["-dtb", str(dtb)]
    for file, addr in loaders:
        assert "," not in str(file), f"QEMU's option syntax cannot take a comma: {file}"
        cmd += ["-device", f"loader,file={file},addr={addr:#x},force-raw=on"]
    return cmd


class _Transcript:
    """pexpect's logfile_read: writes everything QEMU prints to the log and keeps it."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8", errors="replace")
        self.parts = []

    def write(self, text):
        text = text.replace("\r", "")
        self.parts.append(text)
        self.file.write(text)

    def flush(self):
        self.file.flush()

    def close(self):
        self.file.close()

    def text(self):
        return "".join(self.parts)


class Console:
    """One running QEMU: expect on its console, send keys to it, stop it."""

    def __init__(self, cmd, log_path):
        self.cmd = cmd
        self.log_path = Path(log_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._transcript = _Transcript(self.log_path)
        self._transcript.write("# " + " ".join(cmd) + "\n")
        self._transcript.flush()
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                                   timeout=EXPECT_TIMEOUT, cwd=str(TOP))
        self.child.logfile_read = self._transcript

    @property
    def output(self):
        """Everything the machine printed so far, without carriage returns."""
        return self._transcript.text()

    def _expect(self, patterns, timeout, fail_on):
        """Waits for the first of `patterns` (compiled regular expressions); fails at once,
        instead of at the timeout, when Tessera stops on an error the test did not expect."""
        stops = [re.compile(re.escape(s)) for s in fail_on]
        try:
            index = self.child.expect_list([*patterns, *stops], timeout=timeout)
        except pexpect.TIMEOUT:
            raise AssertionError(f"timed out after {timeout} s waiting for "
                                 f"{[p.pattern for p in patterns]} (console log: "
                                 f"{self.log_path})") from None
        except pexpect.EOF:
            raise AssertionError(f"QEMU exited (status {self.child.wait()}) while waiting "
                                 f"for {[p.pattern for p in patterns]} (console log: "
                                 f"{self.log_path})") from None
        if index >= len(patterns):
            stop = self.child.after
            self._read_rest_of_report()
            raise AssertionError(f"Tessera stopped with {stop!r} while the test waited for "
                                 f"{[p.pattern for p in patterns]}")
        return index

    def _read_rest_of_report(self):
        """After an unexpected error line: reads what follows for a moment, for the log."""
        try:
            self.child.expect_list([re.compile(r"[Hh]alted\.")], timeout=2)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def expect(self, text, timeout=EXPECT_TIMEOUT, fail_on=STOP_MARKERS):
        """Waits for the literal `text`; returns what came before it."""
        self._expect([re.compile(re.escape(text))], timeout, fail_on)
        return self.child.before

    def expect_re(self, pattern, timeout=EXPECT_TIMEOUT, fail_on=STOP_MARKERS):
        """Waits for the regular expression `pattern`; returns the re.Match."""
        self._expect([re.compile(pattern)], timeout, fail_on)
        return self.child.match

    def expect_quiet(self, seconds):
        """Asserts the machine prints nothing visible for `seconds`."""
        got = self.child.expect([r"\S", pexpect.TIMEOUT, pexpect.EOF], timeout=seconds)
        assert got == 1, (f"expected silence for {seconds} s, got "
                          f"{'end of output' if got == 2 else repr(self.child.after)} "
                          f"(console log: {self.log_path})")

    def send(self, keys):
        self.child.send(keys)

    def expect_boot(self):
        """Waits for the end of a good boot; returns the summary as {field: value}."""
        self.expect(BOOT_DONE)
        return parse_summary(self.output)

    def stop(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close(force=True)
        self._transcript.close()


def parse_summary(text):
    """The boot summary's fields, e.g. {"pCPUs": "4 online of 4 (IPIs answered by 4)"}."""
    start = text.find(PREFIX + "Boot summary:")
    assert start >= 0, "no boot summary on the console"
    fields = {}
    for line in text[start:].splitlines()[1:]:
        m = re.fullmatch(re.escape(PREFIX) + r"  (\w[\w ]*):\s+(.*?)\s*", line)
        if not m:
            break
        fields[m.group(1)] = m.group(2)
    return fields


def log_name(test_name):
    """A file name for a test's console log: its name with anything odd replaced."""
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", test_name).strip("_")


def start(log_path, **options):
    """Launches QEMU with `qemu_command(**options)`; returns its Console."""
    require_built(IMAGE)
    return Console(qemu_command(**options), log_path)


def image_size(image=IMAGE):
    """image_size from an arm64 Image header (bytes 16..24): what the image occupies."""
    header = Path(image).read_bytes()[:64]
    assert header[0x38:0x3C] == b"ARM\x64", f"{image} has no arm64 Image header"
    return int.from_bytes(header[16:24], "little")


def symbol_range(name, elf=ELF):
    """[start, end) of a function in the hypervisor's ELF (from nm -S)."""
    out = subprocess.run(["aarch64-linux-gnu-nm", "-S", "--defined-only", str(elf)],
                         check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == name:
            return int(parts[0], 16), int(parts[0], 16) + int(parts[1], 16)
    raise AssertionError(f"{name} not in {elf}")
