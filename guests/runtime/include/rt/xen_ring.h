/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A shared ring in the layout of Xen's public io/ring.h (DEFINE_RING_TYPES), written for
 * the test guests: one page starting with req_prod, req_event, rsp_prod, rsp_event (32-bit
 * free-running indexes), 48 bytes of padding, then a power-of-two number of entries, each a
 * union of one request and one response. A side notifies the other only when the other
 * asked (its *_event index lies among the entries just pushed), as RING_PUSH_*_AND_CHECK_
 * NOTIFY and RING_FINAL_CHECK_FOR_* do.
 */
#ifndef RT_XEN_RING_H
#define RT_XEN_RING_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t RING_IDX;

#define RING_DATA_BYTES 248 /* request payload: a 256-byte entry */

struct ring_request {
	uint32_t id;
	uint16_t len; /* bytes of data; 0 ends the stream, data then holds the sender's sum */
	uint16_t pad;
	uint8_t data[RING_DATA_BYTES];
};

struct ring_response {
	uint32_t id;
	int16_t status;
	uint16_t pad;
	uint32_t sum; /* the receiver's running checksum after this request */
};

union ring_entry {
	struct ring_request req;
	struct ring_response rsp;
};

struct ring_sring {
	RING_IDX req_prod, req_event;
	RING_IDX rsp_prod, rsp_event;
	uint8_t pad[48];
	union ring_entry ring[];
};

/* __RING_SIZE: the largest power of two that fits in the page after the header. */
#define RING_PAGE    4096U
#define RING_ENTRIES 8U
_Static_assert(sizeof(union ring_entry) == 256, "entry");
_Static_assert(sizeof(struct ring_sring) == 64, "io/ring.h header");
_Static_assert(RING_ENTRIES * sizeof(union ring_entry) <= RING_PAGE - sizeof(struct ring_sring) &&
		       2 * RING_ENTRIES * sizeof(union ring_entry) >
			       RING_PAGE - sizeof(struct ring_sring),
	       "RING_ENTRIES is __RING_SIZE");

/* SHARED_RING_INIT */
static inline void ring_init(struct ring_sring *s)
{
	s->req_prod = s->rsp_prod = 0;
	s->req_event = s->rsp_event = 1;
}

static inline union ring_entry *ring_slot(struct ring_sring *s, RING_IDX i)
{
	return &s->ring[i & (RING_ENTRIES - 1)];
}

/* Publishes *prod = new and answers whether the peer waits for an index in (old, new]. */
static inline bool ring_push(volatile RING_IDX *prod, volatile RING_IDX *event, RING_IDX new)
{
	RING_IDX old = *prod;

	__atomic_thread_fence(__ATOMIC_RELEASE); /* the entries before the index (wmb) */
	*prod = new;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the index before reading event (mb) */
	return (RING_IDX)(new - *event) < (RING_IDX)(new - old);
}

/* RING_FINAL_CHECK_FOR_*: asks to be notified at cons + 1, then answers whether entries
 * arrived meanwhile (then there is no notification to wait for). */
static inline bool ring_final_check(volatile RING_IDX *prod, volatile RING_IDX *event,
				    RING_IDX cons)
{
	if (*prod != cons)
		return true;
	*event = cons + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return *prod != cons;
}

#endif
