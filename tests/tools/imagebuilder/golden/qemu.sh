#!/bin/sh
# qemu.sh: written by tessera-imagebuilder from system.cfg; run it again to change it.
# Boots what boot.scr boots, without a bootloader: QEMU puts the hypervisor at 0x40200000
# and the device tree at 0x48000000 itself, each module where the tree says.
# Ctrl-] x quits QEMU (Ctrl-a is the hypervisor's console switch). Arguments
# are added to QEMU's; QEMU=<program> runs another QEMU.
exec "${QEMU:-qemu-system-aarch64}" -machine virt,virtualization=on,gic-version=3 \
	-cpu cortex-a57 -smp 4 -m 2048M -nographic -nic none -echr 0x1d \
	-kernel @ROOT@/tessera.bin \
	-dtb @ROOT@/out/system.dtb \
	-device loader,file=@ROOT@/linux/Image,addr=0x40600000,force-raw=on \
	-device loader,file=@ROOT@/linux/initramfs.cpio,addr=0x40800000,force-raw=on \
	-device loader,file=@ROOT@/rtos.bin,addr=0x40a00000,force-raw=on \
	-device loader,file=@ROOT@/rtos-passthrough.dtb,addr=0x40c00000,force-raw=on \
	"$@"
