# SPDX-License-Identifier: Apache-2.0
"""What tessera-imagebuilder writes boots: two bare-metal hello domains described in
ImageBuilder's configuration format, booted three ways: the generated qemu.sh (no
bootloader), Debian's U-Boot running the generated boot.scr from a disk (LOAD_CMD "load virtio
0:1"), and U-Boot's bootm of the generated FIT image."""
from imagebuilder import UBOOT_TIMEOUT, boot_from_uboot, make_root, run_tool
from qemu import BUILD, IMAGE, Machine, dumped_dtb, require_built

HELLO = BUILD / "guests" / "hello.bin"

CONFIG = """\
# Two hello domains, as an ImageBuilder user writes them.
MEMORY_START=0x40000000
MEMORY_END=0xC0000000
DEVICE_TREE="virt.dtb"
XEN="tessera.bin"
XEN_CMD="console=dtuart sched=null"
LOAD_CMD="load virtio 0:1"
FIT="boot.fit"

NUM_DOMUS=2
DOMU_KERNEL[0]="guests/hello.bin"
DOMU_MEM[0]=64
DOMU_KERNEL[1]="guests/hello.bin"
DOMU_MEM[1]=32
"""


def build_system(tmp_path, machine, *args):
    """A root folder (the disk or TFTP server U-Boot loads from) with Tessera, hello and QEMU's
    own tree for machine; runs the tool on CONFIG; returns (root, {"U-Boot": cmd, ...})."""
    require_built(IMAGE, HELLO)
    root = make_root(tmp_path / "root", {"tessera.bin": IMAGE, "guests/hello.bin": HELLO,
                                         "virt.dtb": dumped_dtb(machine)})
    return root, run_tool(root, CONFIG, *args)


def expect_hello_domains(console):
    """Both domains built as configured and both guests' PASS lines, in whatever order."""
    console.expect_boot()
    for line in ("(tessera) d1 (domU1): 1 vCPU on pCPU 0, 64 MiB",
                 "(tessera) d2 (domU2): 1 vCPU on pCPU 1, 32 MiB",
                 "(d1) PASS: hello: booted with 64 MiB and 1 CPU(s)",
                 "(d2) PASS: hello: booted with 32 MiB and 1 CPU(s)"):
        if line not in console.output:
            console.expect(line)


def test_generated_qemu_sh_boots_the_domains(console_of, tmp_path):
    """The generated qemu.sh, run as it is: QEMU loads Tessera (-kernel), the generated tree
    (-dtb) and the one hello module both domains name (-device loader, at the address the tree
    gives), and Tessera builds both domains.

    Proven by "d1 (domU1): 1 vCPU on pCPU 0, 64 MiB", "d2 (domU2): 1 vCPU on pCPU 1, 32 MiB",
    then "(d1) PASS: hello" and "(d2) PASS: hello".

    Verifies: REQ-IMG-002
    """
    root, commands = build_system(tmp_path, Machine())
    assert commands["QEMU"] == str(root / "out" / "qemu.sh")
    console = console_of(["/bin/sh", commands["QEMU"]])
    expect_hello_domains(console)


def test_generated_uboot_script_boots_the_domains(console_of, tmp_path):
    """U-Boot runs the generated boot.scr as the tool says to ("load virtio 0:1 0x40200000
    out/boot.scr; source 0x40200000"): it loads Tessera, the module and the tree at their
    addresses with LOAD_CMD and boots with booti, Tessera running where it was loaded.

    Proven by U-Boot's "## Executing script", "running at EL2, image at 0x40400000", both
    domains' configuration lines and their "PASS: hello" lines.

    Verifies: REQ-IMG-002
    """
    machine = Machine()
    root, commands = build_system(tmp_path, machine)
    assert commands["U-Boot"] == \
        "load virtio 0:1 0x40200000 out/boot.scr; source 0x40200000", commands
    console = boot_from_uboot(console_of, root, machine, commands["U-Boot"])
    console.expect("## Executing script at 40200000")
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    console.expect("running at EL2, image at 0x40400000")
    expect_hello_domains(console)


def test_generated_fit_image_boots_with_one_bootm(console_of, tmp_path):
    """The generated FIT image, loaded and booted with one bootm as the tool says to: U-Boot
    places Tessera, the tree and the module (a loadable) at their load addresses and starts
    Tessera.

    Proven by U-Boot's "Loading loadables from FIT Image", "running at EL2, image at
    0x40400000", both domains' configuration lines and their "PASS: hello" lines.

    Verifies: REQ-IMG-002
    """
    machine = Machine()
    root, commands = build_system(tmp_path, machine)
    assert commands["FIT"].startswith("load virtio 0:1 0x40a00000 out/boot.fit; bootm "), \
        commands
    console = boot_from_uboot(console_of, root, machine, commands["FIT"])
    console.expect("## Loading loadables from FIT Image", timeout=UBOOT_TIMEOUT)
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    console.expect("running at EL2, image at 0x40400000")
    expect_hello_domains(console)


def test_generated_uboot_script_boots_over_tftp(console_of, tmp_path):
    """The same system written with -t tftp (LOAD_CMD tftpb): U-Boot fetches boot.scr, Tessera,
    the module and the tree from QEMU's built-in TFTP server (user networking, the root folder
    served, no outside network) and boots with booti.

    Proven by U-Boot's TFTP "Loading:" lines, "## Executing script at 40200000", "running at
    EL2, image at 0x40400000", both domains' configuration lines and their "PASS: hello" lines.

    Verifies: REQ-IMG-002, REQ-IMG-003
    """
    machine = Machine()
    root, commands = build_system(tmp_path, machine, "-t", "tftp")
    assert commands["U-Boot"] == "tftpb 0x40200000 out/boot.scr; source 0x40200000", commands
    assert "tftpb 0x40400000 tessera.bin\n" in (root / "out" / "boot.source").read_text()
    console = boot_from_uboot(console_of, root, machine, commands["U-Boot"], via="tftp")
    console.expect("## Executing script at 40200000", timeout=UBOOT_TIMEOUT)
    console.expect("Starting kernel ...", timeout=UBOOT_TIMEOUT)
    console.expect("running at EL2, image at 0x40400000")
    assert "Loading:" in console.output
    expect_hello_domains(console)


def largest_accepted_memory(root, config):
    """The largest DOMU_MEM[1] (MiB) the tool accepts for config (with {} for it)."""
    import subprocess

    from imagebuilder import TOOL

    low, high = 1, 4096
    while low < high:
        mid = (low + high + 1) // 2
        (root / "system.cfg").write_text(config.format(mid))
        r = subprocess.run([str(TOOL), "-c", "system.cfg", "-o", "probe"], cwd=root,
                           capture_output=True, text=True, timeout=60)
        low, high = (mid, high) if r.returncode == 0 else (low, mid - 1)
    return low


def test_the_most_memory_the_tool_accepts_boots(console_of, tmp_path):
    """The image builder counts Tessera's own use of memory (tools/imagebuilder/tessera_mem.h),
    so the largest domain it accepts beside another, filling the machine's 2 GiB, is one that
    Tessera builds: the bound is never optimistic.

    Proven by the domain's configuration line "d2 (domU2): 1 vCPU on pCPU 1, N MiB" with the
    N found, both "PASS: hello" lines and "2 domains started.", never "refused".

    Verifies: REQ-ROBUST-005
    """
    machine = Machine()
    require_built(IMAGE, HELLO)
    root = make_root(tmp_path / "root", {"tessera.bin": IMAGE, "guests/hello.bin": HELLO,
                                         "virt.dtb": dumped_dtb(machine)})
    config = CONFIG.replace("DOMU_MEM[1]=32", "DOMU_MEM[1]={}").replace('FIT="boot.fit"\n', "")
    mib = largest_accepted_memory(root, config)
    assert 1900 < mib < 2000, mib
    commands = run_tool(root, config.format(mib))
    console = console_of(["/bin/sh", commands["QEMU"]])
    console.expect_boot()
    for line in (f"(tessera) d2 (domU2): 1 vCPU on pCPU 1, {mib} MiB",
                 "(tessera) 2 domains started.",
                 "(d1) PASS: hello: booted with 64 MiB and 1 CPU(s)",
                 f"(d2) PASS: hello: booted with {mib} MiB and 1 CPU(s)"):
        if line not in console.output:
            console.expect(line, timeout=120)
    assert "refused" not in console.output
