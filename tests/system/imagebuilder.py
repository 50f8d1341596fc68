# SPDX-License-Identifier: Apache-2.0
"""Booting what tessera-imagebuilder writes: a root folder holding the files a configuration
names (what a TFTP server or a boot partition serves), the tool run on it, and Debian's U-Boot
(qemu_arm64, as -bios) loading from that folder as a virtio disk (QEMU's vvfat) or over QEMU's
built-in TFTP (user networking, no outside network)."""
import re
import shutil
import subprocess
import time

import pexpect

from qemu import BUILD, TOP, UBOOT, dumped_dtb, qemu_command, require_built

TOOL = BUILD / "tools" / "imagebuilder"
UBOOT_TIMEOUT = 90
# QEMU's user networking (docs/system/devices/net.rst): the guest is 10.0.2.15, the host and
# its TFTP server 10.0.2.2. Set by hand: no DHCP round needed.
UBOOT_NET = "setenv ipaddr 10.0.2.15; setenv netmask 255.255.255.0; setenv serverip 10.0.2.2; "
# The real-time domain of examples/demo.cfg: DOMU_CMD[2]="report=1 period_us=1000".
LATENCY_PERIOD_NS = 1000 * 1000
SECOND_NS = 1000 * 1000 * 1000


def make_root(root, files):
    """Fills the folder root with files {name in root: source path}; a copy, not a link, since
    QEMU's vvfat disk and its TFTP server serve what is really there."""
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / name)
    return root


def run_tool(root, config, *args, name="system.cfg"):
    """Writes config as root/<name>, runs the tool from root with -o out; returns the commands
    its summary prints, {"U-Boot": ..., "QEMU": ..., "FIT": ...}."""
    require_built(TOOL)
    (root / name).write_text(config)
    r = subprocess.run([str(TOOL), "-c", name, "-o", "out", *args], cwd=root,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    commands = dict(line.split(":", 1) for line in r.stdout.splitlines()
                    if line.startswith(("U-Boot:", "FIT:", "QEMU:")))
    return {k: v.strip() for k, v in commands.items()}


def demo_files(hypervisor_name, hypervisor, machine):
    """The files examples/demo.cfg names, relative to the top of the tree: the hypervisor (as
    hypervisor_name), this build's latency guest, Linux kernel and initramfs, and QEMU virt's
    own tree (as `make build/virt-gicv3.dtb` dumps it)."""
    files = {hypervisor_name: hypervisor,
             "build/guests/latency.bin": BUILD / "guests" / "latency.bin",
             "build/linux/Image": BUILD / "linux" / "Image",
             "build/linux/initramfs.cpio.gz": BUILD / "linux" / "initramfs.cpio.gz",
             "build/virt-gicv3.dtb": dumped_dtb(machine)}
    require_built(*files.values())
    return files


def example(name):
    """The text of examples/<name>."""
    return (TOP / "examples" / name).read_text()


def boot_from_uboot(console_of, root, machine, command, via="disk"):
    """Debian's U-Boot (qemu_arm64) with root served as a FAT disk on virtio (via="disk") or by
    QEMU's TFTP server (via="tftp", a virtio network card on user networking); stops autoboot
    and types command."""
    require_built(UBOOT)
    cmd = qemu_command(machine=machine, kernel=None, bios=UBOOT)
    if via == "disk":
        cmd += ["-drive", f"if=none,file=fat:{root},format=raw,readonly=on,id=boot",
                "-device", "virtio-blk-device,drive=boot"]
    else:
        cmd += ["-netdev", f"user,id=net,tftp={root}", "-device", "virtio-net-device,netdev=net"]
        command = UBOOT_NET + command
    console = console_of(cmd)
    console.expect("Hit any key to stop autoboot", timeout=UBOOT_TIMEOUT)
    console.send(" ")
    console.expect("=> ")
    console.send(command + "\r")
    return console


def wait_all(console, patterns, timeout, fail_on=None):
    """Waits until each regular expression has matched somewhere in the console's output, in
    whatever order (several domains print at once); returns the output."""
    deadline = time.monotonic() + timeout
    while True:
        missing = [p for p in patterns if not re.search(p, console.output)]
        if not missing:
            return console.output
        assert time.monotonic() < deadline, \
            f"timed out after {timeout} s waiting for {missing[0]!r} " \
            f"(console log: {console.log_path})"
        assert console.child.isalive(), \
            f"QEMU exited while waiting for {missing[0]!r} (console log: {console.log_path})"
        for stop in fail_on or ():
            assert stop not in console.output, f"stopped: {stop!r} (console log: " \
                                               f"{console.log_path})"
        try:  # pexpect reads only while it expects
            console.child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=1)
        except pexpect.ExceptionPexpect:
            pass


def latency_re(prefix, second=r"\d+"):
    """A line of guests/tests/latency.c with report=1 after a domain's prefix, its numbers in
    groups and anchored at the line's end."""
    return (prefix + rf"latency: second ({second}): samples=(\d+) min_ns=(\d+) mean_ns=(\d+) "
            r"max_ns=(\d+) early=(\d+)\r*\n")


def check_latency_lines(output, prefix, at_least):
    """At least `at_least` per-second latency lines after prefix, each sane: some samples but
    no more than the 1 ms period allows, min <= mean <= max, the worst under a second, none
    early. Returns them."""
    lines = re.findall(latency_re(prefix), output)
    assert len(lines) >= at_least, f"{len(lines)} latency lines"
    for line in lines:
        second, samples, lo, mean, hi, early = map(int, line)
        assert second >= 1, line
        assert 1 <= samples <= SECOND_NS // LATENCY_PERIOD_NS, line
        assert lo <= mean <= hi < SECOND_NS, line
        assert early == 0, line
    return lines
