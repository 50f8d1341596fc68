#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Takes the real guests from Debian's archive: the arm64 Linux kernel (linux-image-arm64's
# current version) and busybox-static, and builds a small initramfs around busybox whose
# /init prints a marker, what it sees (CPUs, memory) and runs a shell on the console.
# Output: $OUT/Image and $OUT/initramfs.cpio.gz (default build/linux). Idempotent; the
# initramfs is written again when this script is newer than it (a changed /init).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/linux}
cache=${TESSERA_DEPS:-$top/.deps}/debs
mkdir -p "$out" "$cache"
out=$(cd "$out" && pwd) # absolute: the initramfs is written from inside another directory

log() { printf 'fetch-linux: %s\n' "$*"; }

fetch() { # package[:arch] -> path of the .deb in the cache
	local pkg=$1 deb
	deb=$(ls "$cache/${pkg%%:*}"_*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download -q "$pkg" >/dev/null)
		deb=$(ls "$cache/${pkg%%:*}"_*.deb | head -n 1)
	fi
	printf '%s\n' "$deb"
}

if [ ! -f "$out/Image" ]; then
	kpkg=$(apt-cache depends linux-image-arm64:arm64 | sed -n 's/.*Depends: \(linux-image-[0-9].*-arm64\).*/\1/p' | head -n 1)
	[ -n "$kpkg" ] || { log "cannot find Debian's arm64 kernel package (apt-get update?)"; exit 1; }
	log "kernel: $kpkg"
	tmp=$(mktemp -d)
	dpkg-deb -x "$(fetch "$kpkg:arm64")" "$tmp"
	img=$(ls "$tmp"/boot/vmlinuz-* | head -n 1)
	# Debian ships the arm64 kernel as a plain Image; accept a gzip one too.
	if [ "$(head -c 2 "$img" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
		gzip -dc "$img" > "$out/Image"
		cp "$img" "$out/Image.gz"
	else
		cp "$img" "$out/Image"
		gzip -9nc "$img" > "$out/Image.gz"
	fi
	basename "$img" > "$out/version"
	rm -rf "$tmp"
fi

if [ ! -f "$out/initramfs.cpio.gz" ] || [ "$0" -nt "$out/initramfs.cpio.gz" ]; then
	log "initramfs: busybox-static"
	tmp=$(mktemp -d)
	dpkg-deb -x "$(fetch busybox-static:arm64)" "$tmp/pkg"
	root=$tmp/root
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,etc}
	cp "$tmp/pkg/bin/busybox" "$root/bin/busybox"
	for app in sh mount cat echo grep ls nproc free poweroff reboot sleep uname dmesg head \
		tail wc mkdir sed awk setsid cttyhack; do
		ln -s busybox "$root/bin/$app"
	done
	cat > "$root/init" <<'INIT'
#!/bin/sh
# Tessera test guest: prove we got here, show what we see, then give a shell.
/bin/mount -t proc proc /proc
/bin/mount -t sysfs sysfs /sys
/bin/mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "TESSERA-GUEST: /init reached"
echo "TESSERA-GUEST: cpus online: $(cat /sys/devices/system/cpu/online) nproc=$(nproc)"
echo "TESSERA-GUEST: memtotal: $(grep MemTotal /proc/meminfo)"
echo "TESSERA-GUEST: hypervisor: $(cat /sys/hypervisor/type 2>/dev/null || echo none)"
echo "TESSERA-GUEST: ready"
# The shell gets the console's real tty (ttyAMA0 or hvc0, which cttyhack reads from
# /sys/class/tty/console/active) as its controlling terminal in a session of its own: the
# kernel's /dev/console is no controlling terminal, so without this Ctrl-C would reach no
# one and a runaway command could not be stopped. Started again if it exits, as a getty is:
# /init is PID 1 and must not end.
while true; do
	setsid cttyhack /bin/sh
done
INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9n > "$out/initramfs.cpio.gz")
	rm -rf "$tmp"
fi
log "ready: $out/Image ($(stat -c %s "$out/Image") bytes), $out/initramfs.cpio.gz"
