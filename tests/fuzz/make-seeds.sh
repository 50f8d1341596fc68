#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Writes the seed inputs of the fuzz targets, tests/fuzz/corpus/<target>/seed-*, from real
# sources where there are some: QEMU virt's own device tree (dumpdtb) with dom0less domains
# added by fdtput, trees compiled by dtc, gzip files made by gzip, deflate streams made by
# zlib. The seeds are committed; run this again only to change them. Needs
# qemu-system-aarch64, dtc, fdtput, gzip and python3 (all from scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")"
CORPUS=corpus
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

seeds() { mkdir -p "$CORPUS/$1"; rm -f "$CORPUS/$1"/seed-*; }

# ------------------------------------------------------------------ dom0less_parse
seeds dom0less_parse

# QEMU virt's tree, repacked by dtc (QEMU pads it to 1 MiB), then /chosen as Xen's
# booting.txt example writes it.
virt_dtb() { # gic-version output
	qemu-system-aarch64 -machine "virt,virtualization=on,gic-version=$1,dumpdtb=$TMP/raw.dtb" \
		-cpu cortex-a57 -smp 2 -m 1G -nographic -monitor none -nic none >/dev/null 2>&1
	dtc -q -I dtb -O dtb -o "$2" "$TMP/raw.dtb"
	fdtput -t x "$2" /chosen '#address-cells' 2
	fdtput -t x "$2" /chosen '#size-cells' 2
	fdtput -t s "$2" /chosen xen,xen-bootargs "console=dtuart dtuart=serial0 loglvl=all"
}

# domain dtb name memory-kib cpus
domain() {
	local n="/chosen/$2"
	fdtput -c "$1" "$n"
	fdtput -t s "$1" "$n" compatible xen,domain
	fdtput -t x "$1" "$n" '#address-cells' 2
	fdtput -t x "$1" "$n" '#size-cells' 2
	fdtput -t x "$1" "$n" memory 0 "$3"
	fdtput -t x "$1" "$n" cpus "$4"
}

# module dtb domain kind(kernel|ramdisk|device-tree) base size
module() {
	local n="/chosen/$2/module@$4"
	fdtput -c "$1" "$n"
	fdtput -t s "$1" "$n" compatible "multiboot,$3" multiboot,module
	fdtput -t x "$1" "$n" reg 0 "$4" 0 "$5"
}

f=$CORPUS/dom0less_parse/seed-virt-gicv3-one-domain.dtb
virt_dtb 3 "$f"
domain "$f" domU1 40000 1
fdtput -t s "$f" /chosen/domU1 vpl011 ""
module "$f" domU1 kernel 4a000000 1000000
module "$f" domU1 ramdisk 4b000000 200000
fdtput -t s "$f" /chosen/domU1/module@4a000000 bootargs "console=ttyAMA0 root=/dev/ram0"

f=$CORPUS/dom0less_parse/seed-virt-gicv2-two-domains.dtb
virt_dtb 2 "$f"
fdtput -c "$f" /chosen/cpupool0
fdtput -t s "$f" /chosen/cpupool0 compatible xen,cpupool
fdtput -t x "$f" /chosen/cpupool0 phandle 5
for d in 1 2; do
	domain "$f" "domU$d" 20000 "$d"
	fdtput -t s "$f" "/chosen/domU$d" xen,enhanced no-xenstore
	fdtput -t x "$f" "/chosen/domU$d" domain-cpupool 5
	module "$f" "domU$d" kernel 4a000000 800000
done
fdtput -t s "$f" /chosen/domU2 bootargs "console=hvc0"
module "$f" domU2 device-tree 4c000000 1000

f=$CORPUS/dom0less_parse/seed-virt-gicv3-static-mem.dtb
virt_dtb 3 "$f"
domain "$f" domU1 80000 2
fdtput -t s "$f" /chosen/domU1 direct-map ""
fdtput -t x "$f" /chosen/domU1 '#xen,static-mem-address-cells' 1
fdtput -t x "$f" /chosen/domU1 '#xen,static-mem-size-cells' 1
fdtput -t x "$f" /chosen/domU1 xen,static-mem 60000000 10000000 70000000 10000000
fdtput -t s "$f" /chosen/domU1 xen,enhanced enabled
module "$f" domU1 kernel 4a000000 1000000

# Small trees (faster to mutate than QEMU's): nodes the parser must refuse, one each.
dtc -q -I dts -O dtb -o "$CORPUS/dom0less_parse/seed-small-refused.dtb" - <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	chosen {
		#address-cells = <2>;
		#size-cells = <2>;
		nocpus { compatible = "xen,domain"; #address-cells = <2>; #size-cells = <2>;
			memory = <0 0x10000>; cpus = <0>;
			module@1 { compatible = "multiboot,kernel", "multiboot,module";
				reg = <0 0x50000000 0 0x1000>; }; };
		nokernel { compatible = "xen,domain"; memory = <0 0x10000>; cpus = <1>; };
		onecell { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>;
			memory = <0x10000>; cpus = <1>; xen,enhanced = "bogus";
			module@1 { compatible = "multiboot,kernel", "multiboot,module";
				reg = <0x50000000 0x1000>; bootargs = "x"; }; };
		wraps { compatible = "xen,domain"; #address-cells = <2>; #size-cells = <2>;
			memory = <0 0x10000>;
			module@1 { compatible = "multiboot,kernel", "multiboot,module";
				reg = <0xffffffff 0xfffff000 0 0x2000>; }; };
		pool { compatible = "xen,domain"; memory = <0 0x10000>; domain-cpupool = <7>; };
	};
};
DTS

# A domain node with more children than the parser reads, and one with bootargs too long.
{
	echo '/dts-v1/; / { chosen {'
	echo 'many { compatible = "xen,domain"; memory = <0 0x10000>;'
	for i in $(seq 65); do echo "m$i { };"; done
	echo '}; long { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>;'
	echo "memory = <0 0x10000>; bootargs = \"$(printf 'x%.0s' $(seq 1100))\";"
	echo 'module@1 { compatible = "multiboot,kernel", "multiboot,module"; reg = <1 1>; };'
	echo '}; }; };'
} | dtc -q -I dts -O dtb -o "$CORPUS/dom0less_parse/seed-small-limits.dtb" -

# Structured inputs (anything without the FDT magic: see fuzz_dom0less_parse.c). One valid
# domain with a kernel and a ramdisk, and two domains with fuzzed properties.
python3 - "$CORPUS/dom0less_parse" <<'PY'
import sys
d = sys.argv[1]
# Byte by byte, as build_tree() reads them: max (0: 16), root flags (16: a cpupool with
# phandle 5), domain count - 1; per domain: flags (0x17: cell sizes, memory, cpus, a kernel;
# 0x7f: also vpl011, a ramdisk and bootargs), node name (0 then a node_names[] index),
# fuzzed properties (count, then per property: domain_props[] index, value kind, value),
# one module node per template module (name, fuzzed property count), extra module count.
one = bytes([0x00, 0x10, 0x00,
             0x7f, 0x00, 0x00, 0x00,  # domU1, no fuzzed properties
             0x00, 0x03, 0x00,        # kernel: module@50000000
             0x00, 0x04, 0x00,        # ramdisk: module@60000000
             0x00])
two = bytes([0x00, 0x10, 0x01,
             0x17, 0x00, 0x00, 0x01, 0x03, 0x03, 0x09,  # domU1: xen,enhanced = "no-xenstore"
             0x00, 0x03, 0x00, 0x00,
             0x17, 0x00, 0x01, 0x02,                    # domU2:
             0x0a, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00,  #   domain-cpupool = <5>
             0x02, 0x00,                                #   vpl011
             0x00, 0x03, 0x00, 0x00])
open(f"{d}/seed-structured-one-domain", "wb").write(one)
open(f"{d}/seed-structured-two-domains", "wb").write(two)
PY

# ------------------------------------------------------------------ kernel_image, inflate
seeds kernel_image
seeds inflate
python3 - "$TMP" <<'PY'
import random, struct, sys
t = sys.argv[1]
# Linux Documentation/arch/arm64/booting.rst: code0, code1, text_offset, image_size, flags,
# res2-4, magic "ARM\x64", res5. Flags 0xa: 4 KiB pages, placed anywhere.
def image(text_offset, image_size, flags, body):
    hdr = struct.pack("<IIQQQQQQII", 0x14000010, 0, text_offset, image_size, flags,
                      0, 0, 0, 0x644d5241, 0)
    return hdr + body
# Bytes of very uneven frequencies (byte k about 2^-k/2 of the time), so that the dynamic
# Huffman codes zlib builds for them run to 15 bits: the decoder's slow path.
rng = random.Random(1)
skewed = bytes(min(int(rng.expovariate(0.35)), 255) for _ in range(6000))
body = bytes(range(256)) * 4 + skewed + b"\0" * 4096
open(f"{t}/image.bin", "wb").write(image(0, 0x20000, 0xa, body))
open(f"{t}/image-old.bin", "wb").write(image(0x80000, 0, 0, body[:256]))
open(f"{t}/image-64k.bin", "wb").write(image(0x200000, 0x10000, 0x6, b""))
PY
cp "$TMP/image.bin" "$CORPUS/kernel_image/seed-image-4k"
cp "$TMP/image-old.bin" "$CORPUS/kernel_image/seed-image-pre-3.17"
cp "$TMP/image-64k.bin" "$CORPUS/kernel_image/seed-image-64k-header-only"
gzip -9 -n -c "$TMP/image.bin" >"$CORPUS/kernel_image/seed-image-4k.gz"
gzip -1 -c "$TMP/image.bin" >"$CORPUS/kernel_image/seed-image-4k-with-name.gz"
gzip -9 -n -c "$TMP/image-64k.bin" >"$CORPUS/kernel_image/seed-image-64k.gz"
# Valid gzip files that do not hold an Image: text, and gzip inside gzip.
head -c 200 make-seeds.sh | gzip -9 -n -c >"$CORPUS/kernel_image/seed-text.gz"
gzip -9 -n -c "$CORPUS/kernel_image/seed-image-4k-with-name.gz" >"$CORPUS/kernel_image/seed-nested.gz"

# inflate: one mode byte (bit 0 gzip; bits 1-3 the output buffer: 6 is 64 KiB), then the
# stream: raw deflate streams as zlib writes them (stored, fixed and dynamic blocks), and
# gzip headers with every optional field (FEXTRA, FNAME, FCOMMENT, FHCRC).
python3 - "$TMP/image.bin" "$CORPUS/inflate" <<'PY'
import struct, sys, zlib
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()[:7000]
# Text with a skewed alphabet, so that zlib chooses dynamic Huffman codes.
text = b" ".join(b"tessera hypervisor dom0less %d gic v%d" % (i, i % 3) for i in range(120))
def raw(level, strategy=zlib.Z_DEFAULT_STRATEGY, payload=data):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return c.compress(payload) + c.flush()
def seed(name, mode, stream):
    open(f"{out}/seed-{name}", "wb").write(bytes([mode]) + stream)
RAW, GZIP = 6 << 1, (6 << 1) | 1
seed("raw-stored", RAW, raw(0))
seed("raw-fixed", RAW, raw(9, zlib.Z_FIXED))
seed("raw-dynamic", RAW, raw(9, payload=text))
seed("raw-long-codes", RAW, raw(9, payload=data[1024:]))
seed("raw-rle", RAW, raw(9, zlib.Z_RLE, b"a" * 300 + b"bc" * 200))
seed("raw-empty", RAW, raw(6, payload=b""))
seed("raw-too-small-buffer", 2 << 1, raw(9))
body = raw(9)
flags = 0x02 | 0x04 | 0x08 | 0x10
hdr = struct.pack("<BBBBIBB", 0x1f, 0x8b, 8, flags, 0, 0, 3)
hdr += struct.pack("<H", 4) + b"ab\x01\x00" + b"name\0" + b"comment\0"
hdr += struct.pack("<H", zlib.crc32(hdr) & 0xffff)
trailer = struct.pack("<II", zlib.crc32(data), len(data))
seed("gzip-all-fields", GZIP, hdr + body + trailer)
PY
gzip -9 -c "$TMP/image.bin" | { printf '\015'; cat; } >"$CORPUS/inflate/seed-gzip-tool"

# ------------------------------------------------------------------ cmdline
seeds cmdline
printf '%s' 'console=dtuart dtuart=serial0 loglvl=all/info guest_loglvl=debug sched=null vwfi=native vwfi=trap' \
	>"$CORPUS/cmdline/seed-all-options"
printf '%s' 'dom0_mem=1G console=none dtuart="/pl011@9000000" loglvl=warning/ sched=credit2 vwfi= x x' \
	>"$CORPUS/cmdline/seed-xen-and-bad-values"
printf 'a%.0s' $(seq 200) >"$CORPUS/cmdline/seed-long-word"

# ------------------------------------------------------------------ memmap, guest_fdt
seeds memmap
seeds guest_fdt
python3 - "$CORPUS" <<'PY'
import struct, sys
c = sys.argv[1]
u64 = lambda v: b"\x03" + struct.pack("<Q", v)  # gen_u64: any value
# memmap: page size (1 = 4 KiB), then ops: 0 RAM (start, size), 1 reserve (start, size,
# kind, name length, name), 3 end; then memmap_take (size, align byte, shift).
def ram(s, n): return b"\x00" + u64(s) + u64(n)
def res(s, n, kind, name): return b"\x01" + u64(s) + u64(n) + bytes([kind, len(name)]) + name
def take(n, shift): return u64(n) + bytes([0, shift])
virt = (b"\x01" + ram(0x40000000, 0x40000000)
        + res(0x40200000, 0x180000, 0, b"image") + res(0x48000000, 0x2000, 1, b"blob")
        + res(0x4a000000, 0x1000000, 2, b"/chosen/domU1/module@4a000000")
        + res(0x4b000000, 0x200000, 2, b"/chosen/domU1/module@4b000000")
        + res(0x4b100000, 0x1000, 3, b"/memreserve/") + b"\x03"
        + take(0x3000, 12) + take(0x200000, 21))
banks = (b"\x01" + ram(0x80000000, 0x10000000) + ram(0x40000000, 0x1000)
         + ram(0x40001000, 0x800) + res(0x80000800, 0x10, 3, b"x" * 70)
         + res(0x8ffff000, 0x2000, 2, b"edge") + res(0x40000000, 0, 2, b"empty") + b"\x03"
         + take(0x1000, 12))
open(f"{c}/memmap/seed-virt", "wb").write(virt)
open(f"{c}/memmap/seed-banks-and-edges", "wb").write(banks)

# guest_fdt: flags (1 affinities, 2 cpu clock, 4 timer clock, 8 ramdisk, 16 vpl011,
# 32 hypervisor, 64 buffer size, 128 bootargs), nr_ram, two banks, nr_vcpus, [affinities],
# [clocks], gic, ramdisk base and size, nr_ext, eight ext regions, [size], compatible,
# [bootargs]. gen_u64: 1 + 8 bytes (any value) or 0 + table index.
g = lambda v: b"\x01" + struct.pack("<Q", v)
z = b"\x00\x00"
def s(text): return struct.pack("<H", len(text)) + text
linux = (bytes([0x98, 1]) + g(0x40000000) + g(0x10000000) + z + z + bytes([2, 3])
         + g(0x48000000) + g(0x200000) + bytes([0]) + z * 16
         + s(b"arm,cortex-a57") + s(b"console=ttyAMA0 root=/dev/ram0"))
xen = (bytes([0x27, 2]) + g(0x40000000) + g(0xc0000000) + g(0x200000000) + g(0x40000000)
       + bytes([6]) + b"".join(bytes([1]) + struct.pack("<I", a) for a in (0, 1, 0x100, 0x101, 2, 3))
       + struct.pack("<II", 1000000000, 62500000) + bytes([2])
       + z + z + bytes([2]) + g(0x80000000) + g(0x10000000) + g(0x400000000) + g(0x1000)
       + z * 12 + s(b"arm,cortex-a53"))
small = (bytes([0x50, 1]) + g(0x40000000) + g(0x1000000) + z + z + bytes([1, 3]) + z + z
         + bytes([0]) + z * 16 + struct.pack("<H", 600) + s(b"arm,cortex-a57"))
open(f"{c}/guest_fdt/seed-linux-gicv3", "wb").write(linux)
open(f"{c}/guest_fdt/seed-xen-gicv2-affinities", "wb").write(xen)
open(f"{c}/guest_fdt/seed-small-buffer", "wb").write(small)
PY

du -sh "$CORPUS"
