#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the libFuzzer targets built by `make fuzz-build` (build/fuzz/<target>), one at a time:
# for each, first replays every input kept in the repository (tests/fuzz/corpus/<target> and
# tests/fuzz/regressions/<target>: a crash found once stays a test), then fuzzes for a bounded
# time. New inputs go to build/fuzz/corpus/<target>, crashes to build/fuzz/artifacts/<target>
# and, to be kept for ever, to tests/fuzz/regressions/<target>/ (see keep_crashes).
# The last line says PASS or FAIL.
#
#   tests/fuzz/run.sh [--build DIR] [--time SECONDS] [--replay-only] [TARGET...]
#
# A target is a file tests/fuzz/fuzz_<target>.c; with no TARGET, every one. FUZZ_FLAGS adds
# libFuzzer flags (e.g. FUZZ_FLAGS=-use_value_profile=1).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=build
TIME=20
REPLAY_ONLY=0
TARGETS=()

while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	--time) TIME=$2; shift 2 ;;
	--replay-only) REPLAY_ONLY=1; shift ;;
	-h | --help) sed -n '3,15p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) TARGETS+=("$1"); shift ;;
	esac
done
if [ ${#TARGETS[@]} -eq 0 ]; then
	for f in "$HERE"/fuzz_*.c; do
		t=${f##*/fuzz_}
		TARGETS+=("${t%.c}")
	done
fi

OUT=$BUILD/fuzz
failed=()
replayed=0
start=$(date +%s)

log() { printf 'fuzz: %s\n' "$*"; }

# Inputs kept in the repository for a target, one path a line.
kept_inputs() {
	find "$HERE/corpus/$1" "$HERE/regressions/$1" -type f ! -name '.*' ! -name 'README*' \
		2>/dev/null | sort
}

# What went wrong: the input last run, and the sanitizer's or the invariant's report up to
# the first frames of its stack.
report_tail() {
	grep -E '^Running: ' "$1" | tail -1
	grep -E -A12 'invariant broken|runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|ERROR: libFuzzer' "$1" |
		grep -v -E 'in fuzzer::|in __sanitizer_|in __libc_|in _start|in main |pthread_kill|raise|abort' |
		head -20 || tail -20 "$1"
}

replay() { # target binary log
	local inputs n
	mapfile -t inputs < <(kept_inputs "$1")
	n=${#inputs[@]}
	if [ "$n" -eq 0 ]; then
		log "$1: no kept inputs to replay"
		return 0
	fi
	if ! "$2" -timeout=25 "${inputs[@]}" >"$3" 2>&1; then
		log "$1: FAILED replaying its kept inputs:"
		report_tail "$3"
		return 1
	fi
	replayed=$((replayed + n))
	log "$1: replayed $n kept inputs"
}

# A crash is kept for ever: the input libFuzzer wrote (crash-, leak-, timeout-, oom- or
# slow-unit-<sha1>) is copied into the repository's tests/fuzz/regressions/<target>/, where
# every later run (and tests/test_fuzz_corpus.py in make test) replays it, and printed in
# base64 so that a CI log alone recreates it. Commit it with the fix.
keep_crashes() { # target artifact-dir log
	local t=$1 f keep=$HERE/regressions/$1 b64
	mkdir -p "$keep"
	for f in $(grep -oE "Test unit written to [^ ]+" "$3" | awk '{ print $NF }'); do
		[ -f "$f" ] || continue
		cp "$f" "$keep/"
		log "$t: input kept as tests/fuzz/regressions/$t/${f##*/} (commit it with the fix)"
		b64=$(base64 -w0 <"$f")
		if [ ${#b64} -le 65536 ]; then
			log "$t: to recreate it: echo $b64 | base64 -d >tests/fuzz/regressions/$t/${f##*/}"
		else
			log "$t: (too long to print: ${#b64} characters of base64)"
		fi
	done
}

fuzz() { # target binary log
	local t=$1 work=$OUT/corpus/$1 art=$OUT/artifacts/$1/ dict=() dirs=() d rc done_line
	mkdir -p "$work" "$art"
	# New inputs go to the first directory; the kept ones are read, never written.
	dirs=("$work")
	for d in "$HERE/corpus/$t" "$HERE/regressions/$t"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	[ -f "$HERE/$t.dict" ] && dict=(-dict="$HERE/$t.dict")
	# shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
	"$2" -max_total_time="$TIME" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art" "${dict[@]}" ${FUZZ_FLAGS:-} \
		"${dirs[@]}" >"$3" 2>&1
	rc=$?
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$3" | tail -1)
	if [ $rc -ne 0 ] || [ -z "$done_line" ]; then
		log "$t: FAILED after fuzzing (exit $rc)"
		report_tail "$3"
		keep_crashes "$t" "$art" "$3"
		return 1
	fi
	# "#N DONE cov: C ft: F corp: K/S lim: L exec/s: E rss: R"
	echo "$done_line" | awk -v t="$t" -v s="$TIME" '{
		for (i = 1; i <= NF; i++) { if ($i ~ /:$/) v[$i] = $(i + 1) }
		printf "fuzz: %s: %d s, %s runs, %s exec/s, cov %s, ft %s, corpus %s\n",
		       t, s, substr($1, 2), v["exec/s:"], v["cov:"], v["ft:"], v["corp:"] }'
}

mkdir -p "$OUT/logs"
for t in "${TARGETS[@]}"; do
	bin=$OUT/$t
	if [ ! -x "$bin" ]; then
		log "$t: $bin is not built: run make fuzz-build"
		failed+=("$t")
		continue
	fi
	if ! replay "$t" "$bin" "$OUT/logs/$t.replay.log"; then
		failed+=("$t")
		continue
	fi
	if [ "$REPLAY_ONLY" -eq 0 ] && [ "$TIME" -gt 0 ]; then
		fuzz "$t" "$bin" "$OUT/logs/$t.log" || failed+=("$t")
	fi
done

took=$(($(date +%s) - start))
what="${#TARGETS[@]} targets, $replayed kept inputs replayed"
[ "$REPLAY_ONLY" -eq 0 ] && [ "$TIME" -gt 0 ] && what="$what, ${TIME} s of fuzzing each"
if [ ${#failed[@]} -ne 0 ]; then
	log "FAIL: ${failed[*]} ($what; ${took} s)"
	exit 1
fi
log "PASS: $what, no crash (${took} s)"
