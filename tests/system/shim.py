# SPDX-License-Identifier: Apache-2.0
"""The boot shim (tests/shim/shim.S, built as build/tests/shim.bin): booted with -kernel, it
jumps to Tessera loaded elsewhere, passing the loader's x0 on or another one. Its two 64-bit
little-endian parameters sit at fixed offsets; each test patches its own copy."""
from pathlib import Path

from qemu import SHIM, require_built

TARGET_OFFSET = 0x40
X0_OFFSET = 0x48
X0_KEEP = (1 << 64) - 1  # pass the loader's x0 (the device tree) through unchanged


def _read_u64(data, offset):
    return int.from_bytes(data[offset:offset + 8], "little")


def make_shim(path, target, x0=None):
    """Writes a copy of the shim to `path` that enters `target` with x0 = `x0`, or with the
    loader's x0 when `x0` is None. Returns the path."""
    require_built(SHIM)
    data = bytearray(SHIM.read_bytes())
    assert data[0x38:0x3C] == b"ARM\x64", f"{SHIM}: no arm64 Image header"
    assert _read_u64(data, TARGET_OFFSET) == 0 and _read_u64(data, X0_OFFSET) == X0_KEEP, (
        f"{SHIM}: parameters not where tests/system/shim.py expects them")
    assert target != 0 and target % (2 << 20) == 0, f"target {target:#x}: not 2 MiB aligned"
    data[TARGET_OFFSET:TARGET_OFFSET + 8] = target.to_bytes(8, "little")
    x0_value = X0_KEEP if x0 is None else x0
    data[X0_OFFSET:X0_OFFSET + 8] = x0_value.to_bytes(8, "little")
    Path(path).write_bytes(bytes(data))
    return Path(path)
