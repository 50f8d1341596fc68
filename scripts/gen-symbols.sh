#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Reads `nm -n` output (or nothing) on stdin or from a file and writes an assembly file with
# the hypervisor's function symbols, sorted by address, for the crash backtrace:
#   hyp_symbols_count: .quad N
#   hyp_symbols_addr:  .quad addr...          (ascending)
#   hyp_symbols_name:  .quad offset of name... into hyp_symbols_strings
set -eu
in=${1:--}
[ "$in" = - ] && in=/dev/stdin
awk 'BEGIN { n = 0 }
$2 ~ /^[tT]$/ && $3 !~ /^\$/ && $3 !~ /^\.L/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .rodata.symbols, \"a\""
	print "\t.balign 8"
	print "\t.global hyp_symbols_count, hyp_symbols_addr, hyp_symbols_name, hyp_symbols_strings"
	printf "hyp_symbols_count:\n\t.quad %d\n", n
	print "hyp_symbols_addr:"
	for (i = 0; i < n; i++) printf "\t.quad 0x%s\n", addr[i]
	print "hyp_symbols_name:"
	off = 0
	for (i = 0; i < n; i++) { printf "\t.quad %d\n", off; off += length(name[i]) + 1 }
	print "hyp_symbols_strings:"
	for (i = 0; i < n; i++) printf "\t.asciz \"%s\"\n", name[i]
}' "$in"
