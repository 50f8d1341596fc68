# SPDX-License-Identifier: Apache-2.0
"""The layers point one way, and the build holds the line (docs/ARCHITECTURE.md, "Layers").

pv/ and virt/ may call core/; core/, arch/, drivers/, lib/ and platform/ never reach up
into them (arch/arm64/guest_traps.c is the one documented dispatch into pv/ and virt/), and
virt/ never reaches into pv/. Two checks, each shown to bite:
- includes: each part is compiled with the include paths of the parts it may use only, so
  a scratch file with an upward include fails to compile where it stands, and builds where
  the layers allow it;
- calls: no object of a lower part refers to a symbol that an upper part defines (a hand-
  written declaration would get past the includes, not past this).

Verifies: REQ-QA-008
"""
import os
import subprocess
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("TESSERA_BUILD", TOP / "build"))
CC = "aarch64-linux-gnu-gcc"
NM = "aarch64-linux-gnu-nm"
LOWER = ("core", "arch", "drivers", "lib", "platform")
DISPATCH = "arch/arm64/guest_traps.o"


def include_flags(src):
    r = subprocess.run(["make", "-s", "--no-print-directory", f"BUILD={BUILD}",
                        "hyp-include-flags", f"SRC={src}"], cwd=TOP, text=True,
                       capture_output=True, check=True)
    return r.stdout.split()


def compiles(tmp_path, src, header):
    """Does a file at src (a path in hyp/) that includes header compile with its flags?"""
    scratch = tmp_path / "scratch.c"
    scratch.write_text(f"#include <{header}>\nint layer_scratch;\n", encoding="utf-8")
    r = subprocess.run([CC, *include_flags(src), "-std=gnu11", "-ffreestanding",
                        "-fsyntax-only", str(scratch)], cwd=TOP, text=True,
                       capture_output=True, check=False)
    return r.returncode == 0, r.stderr


@pytest.mark.parametrize("src,header", [
    ("hyp/core/scratch.c", "virt/vgic.h"),
    ("hyp/core/scratch.c", "pv/pv.h"),
    ("hyp/drivers/scratch.c", "virt/vtimer.h"),
    ("hyp/lib/scratch.c", "pv/evtchn.h"),
    ("hyp/arch/arm64/scratch.c", "pv/pv.h"),
    ("hyp/virt/scratch.c", "pv/pv.h"),
])
def test_an_upward_include_does_not_build(tmp_path, src, header):
    ok, err = compiles(tmp_path, src, header)
    assert not ok, f"{src} could include <{header}>"
    assert "No such file" in err, err


@pytest.mark.parametrize("src,header", [
    ("hyp/core/scratch.c", "drivers/gic.h"),
    ("hyp/core/scratch.c", "tessera/domain_ext.h"),
    ("hyp/virt/scratch.c", "virt/vgic.h"),
    ("hyp/pv/scratch.c", "virt/vgic.h"),
    ("hyp/pv/scratch.c", "pv/pv.h"),
    ("hyp/arch/arm64/guest_traps.c", "pv/pv.h"),
])
def test_an_include_the_layers_allow_builds(tmp_path, src, header):
    ok, err = compiles(tmp_path, src, header)
    assert ok, err


def symbols(objects, undefined):
    out = set()
    for obj in objects:
        r = subprocess.run([NM, "--undefined-only" if undefined else "--defined-only", str(obj)],
                           text=True, capture_output=True, check=True)
        out |= {line.split()[-1] for line in r.stdout.splitlines() if line.strip()}
    return out


def objects(part):
    """The part's objects whose source still exists (a build directory may keep others)."""
    return sorted(o for o in (BUILD / "hyp" / part).rglob("*.o")
                  if any((TOP / o.relative_to(BUILD)).with_suffix(ext).exists()
                         for ext in (".c", ".S")))


def test_no_lower_part_calls_up():
    assert objects("core"), f"build the hypervisor first ({BUILD}/hyp has no objects)"
    upper = symbols(objects("virt") + objects("pv"), undefined=False)
    pv_defined = symbols(objects("pv"), undefined=False)
    lower = [o for part in LOWER for o in objects(part)
             if not str(o).endswith(DISPATCH)]
    up_calls = {}
    for obj in lower:
        hits = symbols([obj], undefined=True) & upper
        if hits:
            up_calls[str(obj.relative_to(BUILD))] = sorted(hits)
    for obj in objects("virt"):
        hits = symbols([obj], undefined=True) & pv_defined
        if hits:
            up_calls[str(obj.relative_to(BUILD))] = sorted(hits)
    assert not up_calls, f"calls that point up a layer: {up_calls}"
