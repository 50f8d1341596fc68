# SPDX-License-Identifier: Apache-2.0
"""Row 5: how big the hypervisor is.

5a: lines of C and assembly one build compiles: the Makefile's HYP_SRCS (asked of make itself)
    and every header of this repository their dependency files (build/hyp/**/*.d, written by
    the compiler's -MMD) name, counted by cloc ("code": neither blank nor comment), split by
    part: hyp/<part>/..., with the shared headers given to the part they serve
    (include/tessera -> core, include/public -> pv, include/libc -> lib, arch/*/include ->
    arch). Debian's libfdt, linked from libfdt.a, is not compiled and not counted; its share
    of .text is in the detail. Nor is build/symbols.S, the symbol table the build generates
    and assembles (data, not source). Verified by hand: HYP_SRCS is exactly the set of
    sources `make -n -B all` compiles (besides that generated file), and no file under hyp/
    is left out. Checked on every run: cloc counts every file it is given (the row fails
    otherwise).
5b-5e: section sizes (`size -A`) of build/tessera.elf and of Xen's xen-syms (from
    xen-hypervisor-4.17-arm64-dbg): code, read-only data, data, bss; Xen's .init.* (freed
    after boot) beside its code. By section rather than Berkeley `size`, which counts
    Tessera's .rodata as data (it holds the GOT, writable in the ELF, read-only at run time).
    5f: the image a loader boots (build/tessera.bin, Xen's /boot/xen-4.17-arm64).
"""
import json
import subprocess
import tempfile
from pathlib import Path

from machine import BUILD, TOP
from table import Result, Row, fmt_num

SIZE = "aarch64-linux-gnu-size"
NM = "aarch64-linux-gnu-nm"
PARTS = ("arch", "drivers", "core", "virt", "pv", "lib", "platform")
HEADER_PARTS = {"include/tessera": "core", "include/public": "pv", "include/libc": "lib"}
LIBFDT_A = TOP / ".deps" / "arm64" / "usr" / "lib" / "aarch64-linux-gnu" / "libfdt.a"


def hyp_sources():
    """HYP_SRCS as the Makefile computes it."""
    out = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(TOP),
                          "--eval", "bench-print-hyp-srcs: ; @echo $(HYP_SRCS)",
                          "bench-print-hyp-srcs"], check=True, capture_output=True, text=True)
    return out.stdout.split()


def _deps(dep_file):
    """The prerequisites a compiler-written .d file names for its object."""
    rule = Path(dep_file).read_text().replace("\\\n", " ").split("\n", 1)[0]
    return rule.split(":", 1)[1].split()


def compiled_files(build=BUILD):
    """Every file of this repository one build of the hypervisor compiles or includes."""
    files = set()
    for src in hyp_sources():
        files.add(src)
        dep = build / (str(Path(src).with_suffix("")) + ".d")
        if not dep.is_file():
            raise RuntimeError(f"{dep} is missing: build first (make all)")
        for f in _deps(dep):
            p = (TOP / f).resolve()
            if p.is_relative_to(TOP) and not p.is_relative_to(TOP / ".deps"):
                files.add(str(p.relative_to(TOP)))
    return sorted(files)


def part_of(path):
    rel = Path(path).relative_to("hyp")
    for prefix, part in HEADER_PARTS.items():
        if str(rel).startswith(prefix + "/"):
            return part
    return rel.parts[0] if rel.parts[0] in PARTS else "other"


def count_lines(files):
    """{part: code lines}, {"C": .., "Assembly": ..} from cloc."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as lst:
        lst.write("\n".join(files) + "\n")
        lst.flush()
        out = subprocess.run(["cloc", "--json", "--by-file", "--skip-uniqueness", "--quiet",
                              f"--list-file={lst.name}"], check=True, capture_output=True,
                             text=True, cwd=TOP)
    data = json.loads(out.stdout)
    counted = len(data) - 2  # "header" and "SUM" are not files
    if counted != len(files):
        raise RuntimeError(f"cloc counted {counted} of the {len(files)} files compiled")
    parts, langs = {}, {}
    for path, entry in data.items():
        if path in ("header", "SUM"):
            continue
        part = part_of(path)
        parts[part] = parts.get(part, 0) + entry["code"]
        lang = "Assembly" if entry["language"] == "Assembly" else "C"
        langs[lang] = langs.get(lang, 0) + entry["code"]
    return parts, langs


def sections(elf):
    out = subprocess.run([SIZE, "-A", str(elf)], check=True, capture_output=True, text=True)
    secs = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith(".") and parts[1].isdigit():
            secs[parts[0]] = int(parts[1])
    return secs


def libfdt_text(elf):
    """Bytes of .text that are Debian's libfdt: its functions' sizes as linked into `elf`."""
    if not LIBFDT_A.is_file():
        return None
    lib = subprocess.run([NM, "--defined-only", str(LIBFDT_A)], capture_output=True,
                         text=True).stdout
    names = {ln.split()[2] for ln in lib.splitlines() if len(ln.split()) == 3
             and ln.split()[1] in "Tt"}
    linked = subprocess.run([NM, "-S", "--defined-only", str(elf)], capture_output=True,
                            text=True).stdout
    total = 0
    for ln in linked.splitlines():
        p = ln.split()
        if len(p) == 4 and p[2] in "Tt" and p[3] in names:
            total += int(p[1], 16)
    return total


def _lines_result():
    files = compiled_files()
    parts, langs = count_lines(files)
    total = sum(parts.values())
    split = ", ".join(f"{p} {fmt_num(parts[p])}" for p in (*PARTS, "other") if parts.get(p))
    text = (f"{fmt_num(total)} (C {fmt_num(langs.get('C', 0))}, asm "
            f"{fmt_num(langs.get('Assembly', 0))}; {split}; {len(files)} files)")
    return Result(total, text, " ".join(files))


def _kib(n):
    return f"{fmt_num(n)} B ({n / 1024:.1f} KiB)"


# What goes in each row, by section name (size -A). Xen's .init.* are freed after boot.
CODE = (".text",)
RODATA = (".rodata",)
DATA = (".data", ".data.read_mostly", ".data.ro_after_init", ".arch.info", ".dev.info")
BSS = (".bss",)
FREED = (".init.text", ".init.data")


def _section_rows(hyp, elf, rows):
    code, rodata, data, bss = rows
    if not elf.is_file():
        for row in rows:
            row.results[hyp.key] = Result.na(f"{elf} missing")
        return
    secs = sections(elf)
    freed = ", ".join(f"{n} {_kib(secs[n])}" for n in FREED if n in secs)
    for row, names in ((code, CODE), (rodata, RODATA), (data, DATA), (bss, BSS)):
        n = sum(secs.get(x, 0) for x in names)
        text = _kib(n)
        if row is code and freed:
            text += f"; and freed after boot: {freed}"
        if row is code and hyp.key == "tessera":
            fdt = libfdt_text(elf)
            if fdt:
                text += f"; of it Debian's libfdt {_kib(fdt)}"
        row.results[hyp.key] = Result(n, text, " ".join(f"{x}={secs[x]}" for x in names
                                                       if x in secs))


def rows(cfg, hyps):
    del cfg
    elves = {"tessera": BUILD / "tessera.elf", "xen": BUILD / "xen" / "xen-syms"}
    images = {"tessera": BUILD / "tessera.bin", "xen": BUILD / "xen" / "xen"}
    lines = Row("5a", "Source lines compiled into one build of the hypervisor",
                "cloc code lines of HYP_SRCS + the headers their .d files name, by part "
                "(each file once; not the generated symbol table build/symbols.S)",
                "lines")
    how = ("aarch64-linux-gnu-size -A on the ELF (tessera.elf; Xen: xen-syms from the -dbg "
           "package)")
    code = Row("5b", "Code (.text)", how + "; Tessera's sections are padded to 4 KiB pages",
               "bytes")
    rodata = Row("5c", "Read-only data (.rodata)", "the same (Tessera's includes the GOT and "
                 "its symbol table)", "bytes")
    data = Row("5d", "Data (.data and Xen's .data.*)", "the same", "bytes")
    bss = Row("5e", "Zeroed data (.bss)", "the same (Tessera's: 96 KiB of it is the pool of "
              "its own page tables)", "bytes")
    image = Row("5f", "Image file a loader boots", "bytes of build/tessera.bin; Xen: "
                "/boot/xen-4.17-arm64", "bytes")
    for hyp in hyps:
        try:
            lines.results[hyp.key] = (_lines_result() if hyp.key == "tessera" else Result.na(
                "Xen's source is not fetched, only Debian's binary package"))
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            lines.results[hyp.key] = Result.na(str(e))
        _section_rows(hyp, elves[hyp.key], (code, rodata, data, bss))
        img = images[hyp.key]
        image.results[hyp.key] = (Result(img.stat().st_size, _kib(img.stat().st_size))
                                  if img.is_file() else Result.na(f"{img} missing"))
    return [lines, code, rodata, data, bss, image]
