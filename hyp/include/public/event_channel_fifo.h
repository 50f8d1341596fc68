/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The FIFO event-channel ABI (Xen public ABI: event_channel.h, "FIFO ABI"; design document
 * "FIFO-based event channel ABI", version 3), written for Tessera from the documented
 * interface. Each port has a 32-bit event word in guest pages the guest registers with
 * EVTCHNOP_expand_array; each vCPU has a control block (EVTCHNOP_init_control) with a ready
 * bitmap and the head of one queue per priority. Numbers and layouts are the ABI.
 */
#ifndef TESSERA_PUBLIC_EVENT_CHANNEL_FIFO_H
#define TESSERA_PUBLIC_EVENT_CHANNEL_FIFO_H

#include <stdint.h>

/* Priorities: 0 is the highest, 15 the lowest; a new port has 7. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES	     (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

/* Bits of an event word, and the LINK field (the next port in the queue, 0 = none). */
#define EVTCHN_FIFO_PENDING   31
#define EVTCHN_FIFO_MASKED    30
#define EVTCHN_FIFO_LINKED    29
#define EVTCHN_FIFO_BUSY      28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1U << EVTCHN_FIFO_LINK_BITS) - 1)

#define EVTCHN_FIFO_WORDS_PER_PAGE (4096 / sizeof(event_word_t))

struct evtchn_fifo_control_block {
	uint32_t ready; /* bit q: queue q has events */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};

/* EVTCHNOP_init_control */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits; /* out */
	uint8_t _pad[7];
};

/* EVTCHNOP_expand_array */
struct evtchn_expand_array {
	uint64_t array_gfn;
};

/* EVTCHNOP_set_priority */
struct evtchn_set_priority {
	uint32_t port;
	uint32_t priority;
};

_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "control block");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "evtchn_init_control");
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "evtchn_set_priority");

#endif
