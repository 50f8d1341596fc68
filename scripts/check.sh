#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Static checks of the hypervisor, run by `make check` (which runs `make format-check` first
# and passes the build's own sources and flags):
#
#   guards  every header under hyp/ has an include guard of its own (MISRA directive 4.10)
#   misra   cppcheck: its own analysis plus its MISRA C:2012 addon, limited to the rules of
#           docs/misra/rules.md, with the deviations of docs/misra/deviations.md
#   tidy    clang-tidy with the repository's .clang-tidy
#
# Any finding fails. `make check CHECKS="misra"` runs a subset. Results and caches go to
# $(BUILD)/check: cppcheck.txt, clang-tidy.txt, deviations.txt (how often each deviation
# applied). Unchanged files are not analysed again (the caches are keyed on the tools, their
# configuration and the preprocessed sources), so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CHECK_SRCS:?run this through make check}"
: "${CHECK_CPPFLAGS:?run this through make check}"
: "${CHECK_CLANG_CFLAGS:?run this through make check}"
OUT=${CHECK_BUILD:-build}/check
CHECKS=${CHECKS:-guards misra tidy}
JOBS=${JOBS:-$(nproc)}
PYTHON=${PYTHON:-python3}
CLANG=${CLANG:-clang}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The build's preprocessor flags, as make wrote them (they carry shell quoting).
eval "set -- $CHECK_CPPFLAGS"
CPPFLAGS=("$@")
eval "set -- $CHECK_CLANG_CFLAGS"
CLANG_CFLAGS=("$@")
read -r -a SRCS <<<"$CHECK_SRCS"

for tool in cppcheck clang-tidy "$CLANG" "$PYTHON"; do
	command -v "$tool" >/dev/null || {
		echo "check: $tool is missing (Debian packages: cppcheck clang-tidy clang python3)"
		exit 1
	}
done

failed=()
hash_of() { sha256sum | cut -c1-16; }

# ------------------------------------------------------------------ guards (Dir 4.10)
check_guards() {
	local bad=0 h guard
	declare -A seen=()
	while IFS= read -r h; do
		guard=$(awk '/^#[ \t]*(if|ifdef|ifndef|define|include)/ { print; exit }' "$h")
		if [[ ! $guard =~ ^#ifndef[[:space:]]+([A-Za-z0-9_]+)$ ]]; then
			echo "$h: the first directive is not an include guard (#ifndef NAME)"
			bad=1
			continue
		fi
		guard=${BASH_REMATCH[1]}
		if ! grep -qE "^#define[[:space:]]+$guard([[:space:]]|$)" "$h"; then
			echo "$h: #ifndef $guard without #define $guard"
			bad=1
		elif [[ -n ${seen[$guard]:-} ]]; then
			echo "$h: include guard $guard is also ${seen[$guard]}'s"
			bad=1
		fi
		seen[$guard]=$h
	done < <(git ls-files -co --exclude-standard 'hyp/*.h' | sort)
	[[ $bad == 0 ]] && echo "guards: ${#seen[@]} headers, each with its own include guard"
	return $bad
}

# ------------------------------------------------------------------ misra (cppcheck)
check_misra() {
	local args=() a keep=() key dir out=$OUT/cppcheck.txt addons
	# Include paths and defines of the build; not the compiler's own headers (cppcheck's
	# std.cfg describes <stdint.h> and friends better than it parses GCC's).
	for ((i = 0; i < ${#CPPFLAGS[@]}; i++)); do
		a=${CPPFLAGS[i]}
		case $a in
		-isystem)
			i=$((i + 1))
			[[ -e ${CPPFLAGS[i]}/stddef.h ]] || keep+=("-I${CPPFLAGS[i]}")
			;;
		-I* | -D*) keep+=("$a") ;;
		esac
	done
	# AArch64 Linux ABI: LP64, unsigned char. Defining a macro makes cppcheck analyse just
	# this configuration, as the compiler sees it.
	# shellcheck disable=SC2054 # the commas are cppcheck's
	args=(--std=c11 --language=c --platform=unix64-unsigned --library=gnu
		-D__GNUC__=12 -D__aarch64__=1 -D__LP64__=1 "${keep[@]}"
		--enable=warning,style,portability,information --inline-suppr
		--suppressions-list=scripts/misra/suppressions.txt
		--addon="$OUT/misra.json" --addon-python="$PYTHON" -j"$JOBS" -q
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]')
	cat >"$OUT/misra.json" <<-EOF
		{"script": "$PWD/scripts/misra/tessera_misra.py",
		 "args": ["--rules=$PWD/docs/misra/rules.md"]}
	EOF
	# cppcheck's build directory caches results per file but not per addon: key it on all
	# of the configuration.
	addons=$("$PYTHON" scripts/misra/tessera_misra.py --print-addon-dir)
	key=$({
		cppcheck --version
		cat scripts/misra/tessera_misra.py scripts/misra/suppressions.txt docs/misra/rules.md
		cat "$addons/misra.py" "$addons/misra_9.py" "$addons/cppcheckdata.py"
		printf '%s\n' "${args[@]}"
	} | hash_of)
	dir=$OUT/cppcheck-$key
	find "$OUT" -maxdepth 1 -name 'cppcheck-*' -type d ! -name "cppcheck-$key" -exec rm -rf {} +
	mkdir -p "$dir"
	rm -f "$OUT/deviations.raw"
	CPPCHECK_ADDONS=$addons TESSERA_MISRA_STATS=$OUT/deviations.raw \
		cppcheck "${args[@]}" --cppcheck-build-dir="$dir" "${SRCS[@]}" >"$out" 2>&1 || {
		cat "$out"
		echo "misra: cppcheck failed to run"
		return 1
	}
	# Deviations applied, once per place (a header is analysed with every file including it).
	if [[ -f $OUT/deviations.raw ]]; then
		sort -u "$OUT/deviations.raw" | awk '{ n[$1 " (rule " $2 ")"]++ }
			END { for (d in n) printf "%-16s %d\n", d, n[d] }' | sort -V >"$OUT/deviations.txt"
	fi # else every file came from the cache, and so does the previous run's file
	if grep -q . "$out"; then
		sort -u "$out"
		echo "misra: $(sort -u "$out" | wc -l) finding(s); fix them, or justify them as" \
			"docs/misra/deviations.md says"
		sed -nE 's/.*\[([a-zA-Z0-9.-]+)\]$/\1/p' "$out" | sort | uniq -c | sort -rn
		return 1
	fi
	echo "misra: ${#SRCS[@]} files clean against docs/misra/rules.md" \
		"(deviations applied: $OUT/deviations.txt)"
}

# ------------------------------------------------------------------ tidy (clang-tidy)
# One file: skipped if this exact preprocessed source was clean with this configuration.
tidy_one() {
	local src=$1 key
	key=$({
		cat "$TIDY_SALT"
		"$CLANG" "${TIDY_FLAGS[@]}" -E -C "$src" 2>&1 # -C: NOLINT comments count
	} | hash_of)
	[[ -e $TIDY_CACHE/$key ]] && return 0
	if clang-tidy --quiet "$src" -- "${TIDY_FLAGS[@]}" >"$TIDY_CACHE/$key.out" 2>/dev/null; then
		rm -f "$TIDY_CACHE/$key.out"
		touch "$TIDY_CACHE/$key"
	else
		cat "$TIDY_CACHE/$key.out"
		rm -f "$TIDY_CACHE/$key.out"
		return 1
	fi
}

check_tidy() {
	local out=$OUT/clang-tidy.txt
	TIDY_FLAGS=("${CPPFLAGS[@]}" "${CLANG_CFLAGS[@]}")
	TIDY_CACHE=$OUT/clang-tidy-cache
	TIDY_SALT=$OUT/clang-tidy-salt
	mkdir -p "$TIDY_CACHE"
	{
		clang-tidy --version
		cat .clang-tidy
	} >"$TIDY_SALT"
	export TIDY_CACHE TIDY_SALT CLANG
	export TIDY_FLAGS_STR="${TIDY_FLAGS[*]@Q}"
	export -f tidy_one hash_of
	# shellcheck disable=SC2016 # expanded by the inner bash
	if printf '%s\n' "${SRCS[@]}" | xargs -P"$JOBS" -n1 bash -c \
		'eval "TIDY_FLAGS=($TIDY_FLAGS_STR)"; tidy_one "$1"' _ >"$out" 2>&1; then
		echo "tidy: ${#SRCS[@]} files clean (.clang-tidy)"
		return 0
	fi
	grep -E '(warning|error):' "$out" | sort -u
	echo "tidy: $(grep -E '(warning|error):' "$out" | sort -u | wc -l) finding(s); see $out"
	return 1
}

for c in $CHECKS; do
	start=$SECONDS
	if ! "check_$c"; then
		failed+=("$c")
	fi
	echo "  ($c: $((SECONDS - start)) s)"
done
if ((${#failed[@]})); then
	echo "check: FAILED: ${failed[*]}"
	exit 1
fi
echo "check: all clean"
