#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Takes Xen 4.17 for arm64 from Debian's archive, for the benchmarks that compare Tessera with
# it (bench/): xen-hypervisor-4.17-arm64 (the hypervisor, an arm64 Image booted like Tessera)
# and, when apt has it, xen-hypervisor-4.17-arm64-dbg (the same build as an ELF with symbols).
# Output in $OUT (default build/xen): xen (the Image), xen.config (Debian's Kconfig for it),
# xen-syms (the ELF, if the -dbg package was found), version (package and version).
# Idempotent; the .debs are kept in .deps/debs. Needs apt's arm64 architecture
# (scripts/setup.sh enables it).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/xen}
cache=${TESSERA_DEPS:-$top/.deps}/debs
pkg=xen-hypervisor-4.17-arm64
mkdir -p "$out" "$cache"

log() { printf 'fetch-xen: %s\n' "$*"; }

cached() { # package -> path of its .deb in the cache, or nothing
	local f
	for f in "$cache/${1}"_*_arm64.deb; do
		[ -f "$f" ] && { printf '%s\n' "$f"; return; }
	done
}

fetch() { # package -> path of its arm64 .deb (downloaded once), or nothing if apt has none
	if [ -z "$(cached "$1")" ]; then
		(cd "$cache" && apt-get download -q "$1:arm64" >/dev/null 2>&1) || return 0
	fi
	cached "$1"
}

if [ ! -f "$out/xen" ]; then
	deb=$(fetch "$pkg")
	if [ -z "$deb" ]; then
		log "apt-get download $pkg:arm64 failed (arm64 architecture? apt-get update?)"
		exit 1
	fi
	log "hypervisor: $(basename "$deb")"
	tmp=$(mktemp -d)
	dpkg-deb -x "$deb" "$tmp"
	# Debian installs /boot/xen-4.17-arm64 (and the same as .efi, and its .config).
	cp "$tmp/boot/xen-4.17-arm64" "$out/xen"
	cp "$tmp/boot/xen-4.17-arm64.config" "$out/xen.config" 2>/dev/null || true
	printf '%s %s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" > "$out/version"
	rm -rf "$tmp"
fi

if [ ! -f "$out/xen-syms" ] && [ ! -f "$out/.no-syms" ]; then
	deb=$(fetch "$pkg-dbg")
	if [ -n "$deb" ]; then
		tmp=$(mktemp -d)
		dpkg-deb -x "$deb" "$tmp"
		# /usr/lib/debug/boot/xen-syms-4.17-arm64 (beside its .map)
		if [ -f "$tmp/usr/lib/debug/boot/xen-syms-4.17-arm64" ]; then
			cp "$tmp/usr/lib/debug/boot/xen-syms-4.17-arm64" "$out/xen-syms"
		else
			touch "$out/.no-syms"
		fi
		rm -rf "$tmp"
	else
		log "no $pkg-dbg:arm64: Xen's sections are not measured"
		touch "$out/.no-syms"
	fi
fi
log "ready: $out/xen ($(stat -c %s "$out/xen") bytes, $(cat "$out/version"))"
