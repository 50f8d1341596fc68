// SPDX-License-Identifier: Apache-2.0
/*
 * ring: two domains pass 1 MiB through a shared ring in one granted page (Xen's io/ring.h
 * layout, rt/xen_ring.h), notifying each other over a static event channel, as a split
 * driver's frontend and backend do. One image, two roles, from bootargs:
 *
 *   role=front peer=<domid> port=<p> ref=<r>   places its grant frame 0, makes a ring in a
 *        page of its RAM and grants it to the peer as ref r (writable), and the page after
 *        it as ref r+1 (read-only, filled with a pattern); says so with the first event;
 *        then sends 1 MiB of a xorshift64 stream in 248-byte requests, the last request
 *        (length 0) carrying its CRC-32 of the stream; waits for the response to it, whose
 *        sum is the back's CRC-32; and finally for the back to unmap (the entries' in-use
 *        bits clear);
 *   role=back peer=<domid> port=<p> ref=<r>    waits for the first event, maps ref r at
 *        RING_ADDR with GNTTABOP_map_grant_ref (and checks that ref r+1 maps read-only: a
 *        writable map is refused and a write to the read-only map faults), consumes every
 *        request, answering each with its running CRC-32, compares its sum with the front's
 *        and unmaps.
 *
 * Both print "PASS: ring: ... checksum 0x<crc32>" when the sums agree (the test recomputes
 * the stream's CRC-32 on the host), then "ring: done". Without a Xen interface: "SKIP:".
 */
#include <guest.h>
#include <rt/xen_ring.h>

#define TOTAL_BYTES  (1024U * 1024U)
#define RING_ADDR    0x80000000ULL /* empty guest space in the backend: 2 GiB */
#define RO_ADDR	     (RING_ADDR + 4096)
#define WAIT_US	     10000000 /* no progress for 10 s: the peer is gone */
#define TICK_US	     100000
#define SEED	     0x9e3779b97f4a7c15ULL
#define RO_PATTERN   0x5a
#define RSP_OK	     0
#define RSP_BAD_SUM  (-1)
#define RSP_BAD_SIZE (-2)

/* The front's two granted pages: the ring, and one it shares read-only. */
static uint8_t pages[2][4096] __aligned(4096);

static volatile uint64_t events;
static evtchn_port_t port;
static domid_t peer;
static uint32_t crc_table[256];
static uint64_t notifies;

static void on_event(evtchn_port_t p, void *arg)
{
	(void)p;
	(void)arg;
	events++;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), by table. */
static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* The stream: xorshift64 words, little-endian bytes. */
struct stream {
	uint64_t state, word;
	unsigned int used;
};

static void stream_fill(struct stream *s, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s->used == 0) {
			s->state ^= s->state << 13;
			s->state ^= s->state >> 7;
			s->state ^= s->state << 17;
			s->word = s->state;
		}
		p[i] = (uint8_t)(s->word >> (8 * s->used));
		s->used = (s->used + 1) % 8;
	}
}

static void notify(void)
{
	notifies++;
	evtchn_send(port);
}

/* Waits for an event after `seen`; false (and a FAIL line) after WAIT_US. */
static bool wait_event(uint64_t seen, const char *what)
{
	if (wait_count(&events, seen + 1, WAIT_US, false))
		return true;
	printf("FAIL: ring: no event from d%u for %u s while %s\n", peer, WAIT_US / 1000000, what);
	return false;
}

/* Once the back has mapped the ring (GTF_writing in its entry), giving that page back to
 * the hypervisor must be refused: the back still reaches it. */
static bool front_cannot_free_mapped(const struct grant_entry_v1 *gt, grant_ref_t ref, uint64_t gfn)
{
	uint64_t t0 = timer_now();
	int64_t done;

	while (!(__atomic_load_n(&gt[ref].flags, __ATOMIC_ACQUIRE) & GTF_writing) &&
	       timer_now() - t0 < timer_us_to_ticks(WAIT_US))
		timer_sleep_us(1000);
	done = xen_reservation(XENMEM_decrease_reservation, &gfn, 1);
	printf("ring: front: grant flags 0x%x; decrease_reservation(the mapped ring page) = %lld\n",
	       gt[ref].flags, (long long)done);
	if ((gt[ref].flags & GTF_writing) && done == 0 &&
	    ((struct ring_sring *)pages[0])->req_event == 1) {
		printf("PASS: ring: front: a page the back has mapped cannot be given back\n");
		return true;
	}
	printf("FAIL: ring: front: the mapped ring page went back (or was never mapped)\n");
	return false;
}

static int run_front(grant_ref_t ref)
{
	struct ring_sring *s = (struct ring_sring *)pages[0];
	struct stream st = { .state = SEED };
	RING_IDX req_prod = 0, rsp_cons = 0, last_id = 0;
	uint32_t crc = 0, back_sum = 0;
	uint64_t sent = 0, t0;
	int64_t err = 0;
	bool end_sent = false, done = false;
	struct grant_entry_v1 *gt = xen_grant_table(&err);

	if (gt == NULL) {
		printf("FAIL: ring: add_to_physmap(grant frame 0) = %lld\n", (long long)err);
		return -1;
	}
	ring_init(s);
	memset(pages[1], RO_PATTERN, sizeof(pages[1]));
	xen_grant_access(ref, peer, (uintptr_t)pages[0] >> 12, false);
	xen_grant_access(ref + 1, peer, (uintptr_t)pages[1] >> 12, true);
	printf("ring: front: ring at 0x%llx granted to d%u as ref %u (ref %u read-only)\n",
	       (unsigned long long)(uintptr_t)s, peer, ref, ref + 1);
	notify(); /* "the ring is granted" */
	if (!front_cannot_free_mapped(gt, ref, (uintptr_t)pages[0] >> 12))
		return -1;
	t0 = timer_now();
	while (!done) {
		uint64_t seen;

		while (req_prod - rsp_cons < RING_ENTRIES && !end_sent) {
			struct ring_request *rq = &ring_slot(s, req_prod)->req;

			if (sent < TOTAL_BYTES) {
				rq->len = (uint16_t)MIN((uint64_t)RING_DATA_BYTES,
							TOTAL_BYTES - sent);
				stream_fill(&st, rq->data, rq->len);
				crc = crc_update(crc, rq->data, rq->len);
				sent += rq->len;
			} else {
				rq->len = 0;
				memcpy(rq->data, &crc, sizeof(crc));
				end_sent = true;
				last_id = req_prod;
			}
			rq->id = req_prod++;
		}
		if (ring_push(&s->req_prod, &s->req_event, req_prod))
			notify();
		seen = events;
		for (RING_IDX rp = __atomic_load_n(&s->rsp_prod, __ATOMIC_ACQUIRE); rsp_cons != rp;
		     rsp_cons++) {
			struct ring_response rs = ring_slot(s, rsp_cons)->rsp;

			if (rs.id != rsp_cons || rs.status != RSP_OK) {
				printf("FAIL: ring: response %u: id %u, status %d\n", rsp_cons,
				       rs.id, rs.status);
				return -1;
			}
			if (end_sent && rs.id == last_id) {
				back_sum = rs.sum;
				done = true;
			}
		}
		if (done || (req_prod - rsp_cons < RING_ENTRIES && !end_sent) ||
		    ring_final_check(&s->rsp_prod, &s->rsp_event, rsp_cons))
			continue;
		if (!wait_event(seen, "waiting for responses"))
			return -1;
	}
	printf("ring: front: %llu bytes in %u requests, %llu notifications, %llu ms\n",
	       (unsigned long long)sent, req_prod, (unsigned long long)notifies,
	       (unsigned long long)timer_ticks_to_ns(timer_now() - t0) / 1000000);
	if (back_sum != crc) {
		printf("FAIL: ring: front sent checksum 0x%08x, the back got 0x%08x\n", crc,
		       back_sum);
		return -1;
	}
	printf("PASS: ring: front sent %llu bytes, checksum 0x%08x, the back's too\n",
	       (unsigned long long)sent, crc);
	/* The back unmaps: Tessera clears the entries' in-use bits (GTF_reading, GTF_writing). */
	t0 = timer_now();
	while (((__atomic_load_n(&gt[ref].flags, __ATOMIC_ACQUIRE) |
		 __atomic_load_n(&gt[ref + 1].flags, __ATOMIC_ACQUIRE)) &
		(GTF_reading | GTF_writing)) != 0 &&
	       timer_now() - t0 < timer_us_to_ticks(WAIT_US))
		timer_sleep_us(10000);
	if (((gt[ref].flags | gt[ref + 1].flags) & (GTF_reading | GTF_writing)) != 0) {
		printf("FAIL: ring: the grants are still in use: flags 0x%x 0x%x\n", gt[ref].flags,
		       gt[ref + 1].flags);
		return -1;
	}
	printf("PASS: ring: front: the back unmapped both grants\n");
	return 0;
}

/* The read-only grant: a writable map is refused, a read-only one reads the pattern and a
 * write to it faults. */
static bool check_read_only(grant_ref_t ref)
{
	grant_handle_t h = 0;
	int64_t rw = xen_grant_map(peer, ref, RO_ADDR, false, NULL);
	int64_t ro = xen_grant_map(peer, ref, RO_ADDR, true, &h);
	volatile uint8_t *p = (volatile uint8_t *)RO_ADDR;
	struct fault_info fi;
	uint8_t seen = 0;
	bool faulted = false;

	if (ro == GNTST_okay) {
		seen = p[100];
		fault_catch_begin();
		p[100] = 0;
		faulted = fault_catch_end(&fi);
		xen_grant_unmap(RO_ADDR, h);
	}
	printf("ring: back: read-only ref %u: writable map %lld, read-only map %lld, reads 0x%x, "
	       "a write %s\n",
	       ref, (long long)rw, (long long)ro, seen, faulted ? "faults" : "does not fault");
	if (rw == GNTST_permission_denied && ro == GNTST_okay && seen == RO_PATTERN && faulted) {
		printf("PASS: ring: back: the read-only grant stays read-only\n");
		return true;
	}
	printf("FAIL: ring: back: the read-only grant is not read-only\n");
	return false;
}

/* The grant mapping is not the back's RAM: it can neither give it back nor place its
 * shared_info over it (unmap_grant_ref is the only way out). */
static bool back_cannot_replace_mapping(void)
{
	uint64_t gfn = RING_ADDR >> 12;
	struct xen_add_to_physmap x = { .domid = DOMID_SELF,
					.space = XENMAPSPACE_shared_info,
					.gpfn = gfn };
	int64_t done = xen_reservation(XENMEM_decrease_reservation, &gfn, 1);
	int64_t placed = xen_memory_op(XENMEM_add_to_physmap, (uintptr_t)&x);

	printf("ring: back: decrease_reservation(the mapping) = %lld, add_to_physmap(shared_info "
	       "over it) = %lld\n",
	       (long long)done, (long long)placed);
	if (done == 0 && placed == -EINVAL) {
		printf("PASS: ring: back: the grant mapping cannot be given back or replaced\n");
		return true;
	}
	printf("FAIL: ring: back: the grant mapping was given back or replaced\n");
	return false;
}

static int run_back(grant_ref_t ref)
{
	struct ring_sring *s = (struct ring_sring *)RING_ADDR;
	RING_IDX req_cons = 0, rsp_prod = 0;
	uint32_t crc = 0;
	uint64_t got = 0;
	grant_handle_t h = 0;
	int64_t r;
	bool last = false, ok = true;

	if (!wait_event(0, "waiting for the ring to be granted"))
		return -1;
	r = xen_grant_map(peer, ref, RING_ADDR, false, &h);
	printf("ring: back: map_grant_ref(d%u ref %u at 0x%llx) = %lld, handle %u\n", peer, ref,
	       RING_ADDR, (long long)r, h);
	if (r != GNTST_okay) {
		printf("FAIL: ring: back: cannot map the ring\n");
		return -1;
	}
	ok = check_read_only(ref + 1) && back_cannot_replace_mapping();
	while (!last) {
		RING_IDX rp = __atomic_load_n(&s->req_prod, __ATOMIC_ACQUIRE);
		uint64_t seen;

		if ((RING_IDX)(rp - req_cons) > RING_ENTRIES) {
			printf("FAIL: ring: back: producer index %u from consumer %u\n", rp,
			       req_cons);
			return -1;
		}
		for (; req_cons != rp && !last; req_cons++) {
			struct ring_request rq = ring_slot(s, req_cons)->req;
			struct ring_response *rs = &ring_slot(s, rsp_prod++)->rsp;
			uint32_t front_sum;

			rs->id = rq.id;
			rs->status = RSP_OK;
			if (rq.len > RING_DATA_BYTES) {
				rs->status = RSP_BAD_SIZE;
			} else if (rq.len == 0) {
				memcpy(&front_sum, rq.data, sizeof(front_sum));
				if (front_sum != crc) {
					printf("FAIL: ring: back got checksum 0x%08x, the front "
					       "sent "
					       "0x%08x\n",
					       crc, front_sum);
					rs->status = RSP_BAD_SUM;
					ok = false;
				}
				last = true;
			} else {
				crc = crc_update(crc, rq.data, rq.len);
				got += rq.len;
			}
			rs->sum = crc;
		}
		seen = events;
		if (ring_push(&s->rsp_prod, &s->rsp_event, rsp_prod))
			notify();
		if (last || ring_final_check(&s->req_prod, &s->req_event, req_cons))
			continue;
		if (!wait_event(seen, "waiting for requests"))
			return -1;
	}
	r = xen_grant_unmap(RING_ADDR, h);
	printf("ring: back: %llu bytes in %u requests, %llu notifications; unmap = %lld\n",
	       (unsigned long long)got, req_cons, (unsigned long long)notifies, (long long)r);
	if (!ok || r != GNTST_okay || got != TOTAL_BYTES)
		return -1;
	printf("PASS: ring: back received %llu bytes, checksum 0x%08x, the front's too\n",
	       (unsigned long long)got, crc);
	return 0;
}

int main(void)
{
	bool front = bootarg_is("role", "front"), back = bootarg_is("role", "back");
	grant_ref_t ref = (grant_ref_t)bootarg_ulong("ref", 8);

	port = (evtchn_port_t)bootarg_ulong("port", 5);
	peer = (domid_t)bootarg_ulong("peer", front ? 2 : 1);
	if (!xen_present()) {
		printf("SKIP: ring: no Xen interface (no xen,xen node)\n");
		printf("ring: done\n");
		return 0;
	}
	if ((!front && !back) || ref >= 511) {
		printf("FAIL: ring: bootargs need role=front|back and ref < 511: \"%s\"\n",
		       rt_platform.bootargs);
		return 0;
	}
	printf("ring: %s, peer d%u, port %u, ref %u, %u entries of %u bytes\n",
	       front ? "front" : "back", peer, port, ref, RING_ENTRIES,
	       (unsigned int)sizeof(union ring_entry));
	crc_init();
	tick_start(TICK_US);
	if (xen_events_setup("ring", port, on_event, NULL) == 0) {
		if (front)
			run_front(ref);
		else
			run_back(ref);
	}
	printf("ring: done\n");
	return 0;
}
