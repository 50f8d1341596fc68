#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Boots the demo: Tessera on QEMU's virt machine (GICv3, 4 Cortex-A57, 2 GiB).
# QEMU's own escape key is moved from Ctrl-a to Ctrl-] so that Ctrl-a reaches Tessera,
# whose console switch it is (as in Xen). Quit with Ctrl-] then x.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
image=${TESSERA_IMAGE:-$top/build/tessera.bin}

cat <<MSG
Booting Tessera under QEMU (virt, virtualization=on, GICv3, 4 x cortex-a57, 2 GiB).
  Ctrl-a three times: switch console input (Tessera, d1, d2, ...); 'h': debug keys
  Ctrl-] then x: quit QEMU
MSG
exec qemu-system-aarch64 \
	-machine virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 4 -m 2G \
	-nographic -nic none -echr 0x1d \
	-kernel "$image" "$@"
