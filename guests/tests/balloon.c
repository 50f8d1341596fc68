// SPDX-License-Identifier: Apache-2.0
/*
 * balloon: a domain gives pages of its RAM back to the hypervisor and takes them again, as
 * Linux's balloon driver does (XENMEM_decrease_reservation, XENMEM_populate_physmap, Xen
 * public memory.h). `pages=N` (default 256, at most 512) pages of its
 * .bss, `rounds=R` (default 3) times: fill them with a pattern, give them all back in one
 * call (every extent done), check that reading them now faults, take them all back in one
 * call (plus the first frame again, which is refused: it is mapped), and check that every
 * byte reads 0 (fresh, scrubbed pages) and then holds what is written.
 * Prints "PASS: balloon: N pages out and back in, R rounds" and "balloon: done".
 */
#include <guest.h>

#define PAGES_MAX 512

static uint8_t area[PAGES_MAX][4096] __aligned(4096);
static uint64_t gfns[PAGES_MAX + 1];

static bool faults(volatile uint8_t *p)
{
	struct fault_info fi;

	fault_catch_begin();
	(void)*p;
	return fault_catch_end(&fi);
}

static bool round_trip(unsigned int n, unsigned int round)
{
	int64_t out, in;
	unsigned int bad = 0;
	bool gone;

	for (unsigned int i = 0; i < n; i++) {
		memset(area[i], (int)(round * 16 + i % 16 + 1), sizeof(area[i]));
		gfns[i] = (uintptr_t)area[i] >> 12;
	}
	__asm__ volatile("dsb sy" ::: "memory");
	out = xen_reservation(XENMEM_decrease_reservation, gfns, n);
	/* The stage-2 entries are gone; our own TLB may still hold the stage-1 walk. */
	__asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
	gone = faults(area[0]) && faults(area[n / 2]) && faults(area[n - 1]);

	gfns[n] = gfns[0]; /* populated by then: refused, the list stops there */
	in = xen_reservation(XENMEM_populate_physmap, gfns, n + 1);
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int b = 0; b < sizeof(area[i]); b++)
			bad += area[i][b] != 0;
		memset(area[i], 0xc3, sizeof(area[i]));
		bad += area[i][4095] != 0xc3;
	}
	printf("balloon: round %u: %u pages out = %lld, faulting %s, in (and the first again) = "
	       "%lld, %u bad bytes\n",
	       round, n, (long long)out, gone ? "yes" : "no", (long long)in, bad);
	return out == n && gone && in == n && bad == 0;
}

int main(void)
{
	unsigned int n = (unsigned int)bootarg_ulong("pages", 256);
	unsigned int rounds = (unsigned int)bootarg_ulong("rounds", 3);
	unsigned int ok = 0;

	if (!xen_present()) {
		printf("SKIP: balloon: no Xen interface (no xen,xen node)\n");
		printf("balloon: done\n");
		return 0;
	}
	if (n == 0 || n > PAGES_MAX)
		n = 256;
	for (unsigned int r = 1; r <= rounds; r++)
		ok += round_trip(n, r);
	if (ok == rounds)
		printf("PASS: balloon: %u pages out and back in, %u rounds\n", n, rounds);
	else
		printf("FAIL: balloon: %u of %u rounds went wrong\n", rounds - ok, rounds);
	printf("balloon: done\n");
	return 0;
}
