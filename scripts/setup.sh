#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs, from Debian's archive only, everything Tessera needs to build, test and run.
# Idempotent and quick when everything is there: it checks first and only calls apt when
# something is missing. Needs root (or sudo) only when it has something to install.
set -euo pipefail

# Packages for the native architecture (the build host).
HOST_PKGS=(
	make gcc gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu clang lld libclang-rt-14-dev
	device-tree-compiler libfdt-dev libcmocka-dev pkg-config zlib1g-dev
	python3 python3-pytest python3-pexpect
	u-boot-qemu u-boot-tools cpio busybox-static
	# The gates make test runs: make check (cppcheck ships its MISRA addon misra.py),
	# libFuzzer (clang with libclang-rt-14-dev), and the bench's size row (cloc).
	cppcheck clang-tidy clang-format cloc
)
# Packages for the target (arm64), linked into the hypervisor. libfdt-dev:arm64 conflicts with
# the host's libfdt-dev, so it is unpacked into a project-local sysroot instead of installed.
ARM64_PKGS=(libfdt-dev)
TOP=$(cd "$(dirname "$0")/.." && pwd)
SYSROOT=${TESSERA_SYSROOT:-$TOP/.deps/arm64}
# QEMU 10 from bookworm-backports: bookworm's 7.2 hangs on a virtual-timer overflow.
BACKPORTS_SUITE=bookworm-backports
QEMU_PKG=qemu-system-arm
QEMU_MIN_MAJOR=10

# The locks apt and dpkg take (a fresh cloud machine's unattended-upgrades holds them for
# minutes), and how long to wait for them before giving up.
APT_LOCKS=${TESSERA_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}
APT_LOCK_TIMEOUT=${TESSERA_APT_LOCK_TIMEOUT:-600}

log() { printf 'setup: %s\n' "$*"; }

# The pid holding a lock on file $1, from /proc/locks (which lists fcntl locks, as dpkg and
# apt take, and flock locks alike, each with "major:minor:inode" of its file); none: empty.
lock_holder() {
	local inode
	inode=$(stat -c %i "$1" 2>/dev/null) || return 0
	awk -v ino=":$inode" '{ f = ($2 == "->") ? 7 : 6;
		if (substr($f, length($f) - length(ino) + 1) == ino) { print $(f - 1); exit } }' \
		/proc/locks
}

# Waits, at most APT_LOCK_TIMEOUT seconds, until no process holds one of APT_LOCKS, saying
# once who holds it. Fails if one is still held then.
wait_for_apt_locks() {
	local waited=0 lock pid said=""
	while :; do
		pid=""
		for lock in $APT_LOCKS; do
			pid=$(lock_holder "$lock")
			[ -n "$pid" ] && break
		done
		[ -z "$pid" ] && return 0
		if [ "$waited" -ge "$APT_LOCK_TIMEOUT" ]; then
			log "$lock is still held after ${APT_LOCK_TIMEOUT} s; stop that process or try later"
			return 1
		fi
		if [ -z "$said" ]; then
			log "waiting for another package manager to finish (pid $pid: $(cat "/proc/$pid/comm" 2>/dev/null || echo '?') holds $lock), at most ${APT_LOCK_TIMEOUT} s"
			said=1
		fi
		sleep 1
		waited=$((waited + 1))
	done
}

# apt-get, after the wait; apt (>= 1.9.11; Debian 12 has 2.6) also waits itself for the
# dpkg lock should another process take it in between.
apt_get() {
	wait_for_apt_locks
	as_root apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT" "$@"
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_pkgs() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			printf '%s\n' "$p"
	done
}

qemu_ok() {
	command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
	local major
	major=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p')
	[ -n "$major" ] && [ "$major" -ge "$QEMU_MIN_MAJOR" ]
}

apt_updated=0
apt_update_once() {
	if [ "$apt_updated" -eq 0 ]; then
		apt_get update -q
		apt_updated=1
	fi
}

ensure_backports() {
	if grep -rqs "$BACKPORTS_SUITE" /etc/apt/sources.list /etc/apt/sources.list.d/; then
		return
	fi
	log "adding $BACKPORTS_SUITE to apt's sources"
	as_root tee /etc/apt/sources.list.d/tessera-backports.sources >/dev/null <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: $BACKPORTS_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt_updated=0
}

ensure_arm64_arch() {
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		log "enabling the arm64 multiarch architecture"
		wait_for_apt_locks
		as_root dpkg --add-architecture arm64
		apt_updated=0
	fi
}

# A package is in the sysroot when its stamp names the version apt would give today's lists.
missing_sysroot_pkgs() {
	local p
	for p in "${ARM64_PKGS[@]}"; do
		[ -f "$SYSROOT/.stamp-$p" ] || printf '%s\n' "$p"
	done
}

fetch_sysroot_pkgs() {
	local tmp p
	tmp=$(mktemp -d)
	mkdir -p "$SYSROOT"
	for p in "$@"; do
		log "unpacking $p:arm64 into $SYSROOT"
		(cd "$tmp" && apt-get download -q "$p:arm64")
		dpkg-deb -x "$tmp/${p}_"*_arm64.deb "$SYSROOT"
		touch "$SYSROOT/.stamp-$p"
	done
	rm -rf "$tmp"
}

main() {
	local need_host need_arm64
	need_host=$(missing_pkgs "${HOST_PKGS[@]}")
	need_arm64=$(missing_sysroot_pkgs)

	if [ -z "$need_host" ] && [ -z "$need_arm64" ] && qemu_ok; then
		log "everything is installed"
		return 0
	fi

	export DEBIAN_FRONTEND=noninteractive
	ensure_arm64_arch
	ensure_backports
	if [ -n "$need_host$need_arm64" ]; then
		apt_update_once
	fi
	if [ -n "$need_host" ]; then
		# shellcheck disable=SC2086 # one package per word
		apt_get install -y -q --no-install-recommends $need_host
	fi
	if [ -n "$need_arm64" ]; then
		fetch_sysroot_pkgs $need_arm64
	fi
	if ! qemu_ok; then
		apt_update_once
		apt_get install -y -q --no-install-recommends -t "$BACKPORTS_SUITE" "$QEMU_PKG"
	fi
	qemu_ok || { log "QEMU >= $QEMU_MIN_MAJOR is not available"; exit 1; }
	log "done: $(qemu-system-aarch64 --version | head -n 1)"
}

# Sourced (the tests call its functions), it only defines them.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
