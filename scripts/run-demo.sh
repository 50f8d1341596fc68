#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Boots the demo: Tessera on QEMU's virt machine (GICv3, 4 Cortex-A57, 2 GiB) with two
# dom0less Linux domains (Debian's arm64 kernel and a busybox shell, 2 vCPUs and 256 MiB
# each), described the way Xen users write it: /chosen xen,domain nodes in the device tree.
# QEMU's own escape key is moved from Ctrl-a to Ctrl-] so that Ctrl-a reaches Tessera,
# whose console switch it is (as in Xen). Quit with Ctrl-] then x.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
image=${TESSERA_IMAGE:-$build/tessera.bin}
linux=$build/linux
work=$build/demo
machine="virt,virtualization=on,gic-version=3"
qemu=(qemu-system-aarch64 -machine "$machine" -cpu cortex-a57 -smp 4 -m 2G -nographic -nic none)

kernel_at=0x50000000
ramdisk_at=0x54000000
mkdir -p "$work"
"$top/scripts/fetch-linux.sh" "$linux" >/dev/null

cells() { printf '0 0x%x' "$1"; }
kernel_size=$(stat -c %s "$linux/Image")
ramdisk_size=$(stat -c %s "$linux/initramfs.cpio.gz")

# The host device tree: QEMU's own, plus /chosen with Tessera's options and the domains.
dtb=$work/host.dtb
"${qemu[@]}" -machine "$machine,dumpdtb=$dtb" >/dev/null 2>&1
fdtput -t x "$dtb" /chosen '#address-cells' 2
fdtput -t x "$dtb" /chosen '#size-cells' 2
fdtput -t s "$dtb" /chosen xen,xen-bootargs "console=dtuart sched=null"
for dom in domU2 domU1; do # fdtput adds a node before its siblings: last one first
	node=/chosen/$dom
	fdtput -c "$dtb" "$node"
	fdtput -t s "$dtb" "$node" compatible xen,domain
	fdtput -t x "$dtb" "$node" '#address-cells' 2
	fdtput -t x "$dtb" "$node" '#size-cells' 2
	fdtput -t x "$dtb" "$node" memory 0 0x40000
	fdtput -t x "$dtb" "$node" cpus 2
	fdtput -t s "$dtb" "$node" vpl011 ""
	fdtput -c "$dtb" "$node/kernel"
	fdtput -t s "$dtb" "$node/kernel" compatible multiboot,kernel multiboot,module
	fdtput -t x "$dtb" "$node/kernel" reg $(cells $kernel_at) $(cells "$kernel_size")
	fdtput -t s "$dtb" "$node/kernel" bootargs "console=ttyAMA0 rdinit=/init quiet"
	fdtput -c "$dtb" "$node/ramdisk"
	fdtput -t s "$dtb" "$node/ramdisk" compatible multiboot,ramdisk multiboot,module
	fdtput -t x "$dtb" "$node/ramdisk" reg $(cells $ramdisk_at) $(cells "$ramdisk_size")
done

cat <<MSG
Booting Tessera under QEMU (virt, virtualization=on, GICv3, 4 x cortex-a57, 2 GiB)
with two Linux domains, d1 and d2 (2 vCPUs, 256 MiB each; one kernel module for both).
  Ctrl-a three times: move console input (Tessera -> d1 -> d2 -> Tessera)
  with input on Tessera, 'h' lists the debug keys
  Ctrl-] then x: quit QEMU
MSG
exec "${qemu[@]}" -echr 0x1d -dtb "$dtb" -kernel "$image" \
	-device loader,file="$linux/Image",addr=$kernel_at,force-raw=on \
	-device loader,file="$linux/initramfs.cpio.gz",addr=$ramdisk_at,force-raw=on "$@"
