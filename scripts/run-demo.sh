#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Boots the demo the way an integrator deploys: tessera-imagebuilder reads examples/demo.cfg
# (an ImageBuilder configuration: two Debian Linux domains and a bare-metal real-time domain
# printing its interrupt latency every second) and writes build/demo/ (the host device tree
# with the dom0less /chosen nodes, a U-Boot script, qemu.sh); then this runs qemu.sh: QEMU's
# virt machine (GICv3, 4 Cortex-A57, 2 GiB) with no bootloader. QEMU's own escape key is
# moved from Ctrl-a to Ctrl-] so that Ctrl-a reaches Tessera, whose console switch it is (as
# in Xen). Quit with Ctrl-] then x. Arguments are passed on to QEMU.
#
# `make run` builds what it needs first: make all guests linux build/tools/imagebuilder
# build/virt-gicv3.dtb. CONFIG=<file> boots another configuration.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIG:-examples/demo.cfg}
out=build/demo

cd "$top"
build/tools/imagebuilder -c "$config" -o "$out" -d "$top" >/dev/null

cat <<MSG
Booting Tessera under QEMU (virt, virtualization=on, GICv3, 4 x cortex-a57, 2 GiB) with the
domains of $config, through $out/qemu.sh (written by tessera-imagebuilder):
  d1 linux1 (2 vCPUs) and d2 linux2 (1 vCPU): Debian Linux, one kernel module for both
  d3 latency: bare metal, prints its timer interrupt latency every second
  Ctrl-a three times: move console input (Tessera -> d1 -> d2 -> d3 -> Tessera)
  with input on Tessera, 'h' lists the debug keys
  Ctrl-] then x: quit QEMU
MSG
exec "$out/qemu.sh" "$@"
