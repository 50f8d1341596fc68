# SPDX-License-Identifier: Apache-2.0
"""Helpers for the tests of bad boot input: boot through the shim with a chosen x0, and check
for one FATAL line followed by a halt."""
import re

from qemu import BLOB_ADDR, IMAGE, PREFIX, STOP_MARKERS
from shim import make_shim

# Where the shim tests load Tessera: not QEMU's default, so the shim is what enters it.
SHIM_TESSERA_ADDR = 0x50000000
NOT_FATAL_STOPS = tuple(m for m in STOP_MARKERS if "FATAL" not in m)


def boot_with_x0(qemu, tmp_path, x0, blob=None, **options):
    """Boots Tessera through the shim with x0 = `x0` (None: the loader's device tree), with
    the file `blob`, if any, placed at BLOB_ADDR."""
    shim = make_shim(tmp_path / "shim.bin", target=SHIM_TESSERA_ADDR, x0=x0)
    loaders = [(IMAGE, SHIM_TESSERA_ADDR)]
    if blob is not None:
        loaders.append((blob, BLOB_ADDR))
    return qemu(kernel=shim, loaders=loaders, **options)


def expect_fatal(console, reason):
    """One line "(tessera) FATAL: <reason>" (`reason`: the exact text, or a compiled regular
    expression matching all of it), then "(tessera) Halted.", no second FATAL, no summary,
    and silence after."""
    fatal = console.expect_re(re.escape(PREFIX + "FATAL: ") + r"(.*?)\r*\n",
                              fail_on=NOT_FATAL_STOPS)
    got = fatal.group(1)
    ok = reason.fullmatch(got) if isinstance(reason, re.Pattern) else got == reason
    expected = reason.pattern if isinstance(reason, re.Pattern) else reason
    assert ok, f"wrong FATAL reason:\n  got:      {got}\n  expected: {expected}"
    console.expect(PREFIX + "Halted.", fail_on=NOT_FATAL_STOPS)
    output = console.output
    assert output.count("FATAL:") == 1, "more than one FATAL line"
    assert "Boot summary" not in output
    assert "PANIC" not in output
    console.expect_quiet(1.0)
