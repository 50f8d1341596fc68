/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The grant-table state machine, version 1 (Xen public grant_table.h), free of arm64 and EL2
 * details so it also runs in host unit tests. What it needs of the machine (which domain has
 * an id, a domain's own RAM pages, its stage-2 mappings, the hypervisor's view of a page) it
 * asks through struct gnttab_env. Callers serialise every call with one lock.
 */
#ifndef PV_GRANT_STATE_H
#define PV_GRANT_STATE_H

#include <public/xen.h>
#include <tessera/types.h>

#define GNTTAB_FRAMES	       4
#define GNTTAB_GRANTS_PER_PAGE 512 /* grant_entry_v1 is 8 bytes */
#define GNTTAB_REFS	       (GNTTAB_FRAMES * GNTTAB_GRANTS_PER_PAGE)
#define GNTTAB_MAPTRACK	       256     /* grants one domain can have mapped at once */
#define GNTTAB_NO_GFN	       (~0ULL) /* Xen's INVALID_GFN: a frame not placed yet */

/* One grant of another domain's page this domain has mapped. */
struct gnttab_mapping {
	uint64_t host_addr; /* where, in this domain's guest physical space; 0 = slot free */
	paddr_t page;	    /* the granter's machine page mapped there */
	uint32_t ref;
	uint16_t granter;
	bool readonly;
};

/* One domain's grant state. */
struct gnttab {
	uint16_t domid;
	bool dying;				      /* torn down: grants nothing, maps nothing */
	struct grant_entry_v1 *frames[GNTTAB_FRAMES]; /* the table, as the hypervisor sees it */
	uint64_t frame_gfn[GNTTAB_FRAMES];	      /* where the guest placed each frame */
	struct gnttab_mapping *maptrack;	      /* GNTTAB_MAPTRACK entries */
};

/* The machine under the state machine. */
struct gnttab_env {
	unsigned int max_domid;			   /* ids 1..max_domid may exist */
	struct gnttab *(*lookup)(unsigned int id); /* NULL: no domain with grant tables */
	/* t's own RAM page at guest frame gfn, writable if write: 0 or -EINVAL. */
	int (*ram_page)(struct gnttab *t, uint64_t gfn, bool write, paddr_t *page);
	/* Is ipa empty guest space of t (not RAM, devices, magic pages, beyond its IPA size)? */
	bool (*space_free)(struct gnttab *t, uint64_t ipa);
	int (*map)(struct gnttab *t, uint64_t ipa, paddr_t page, bool readonly);
	/* Removes one page map() made, from stage 2 and the TLBs; cannot fail. */
	void (*unmap)(struct gnttab *t, uint64_t ipa);
	void *(*page_va)(paddr_t page); /* the hypervisor's view of a machine page */
};

void gnttab_init(struct gnttab *t, uint16_t domid, struct grant_entry_v1 *frames[GNTTAB_FRAMES],
		 struct gnttab_mapping *maptrack);
/* add_to_physmap put table frame idx at guest frame gfn. */
void gnttab_frame_placed(struct gnttab *t, unsigned int idx, uint64_t gfn);

/* One entry of GNTTABOP_map_grant_ref, unmap_grant_ref or copy by t: status written back. */
void gnttab_map(const struct gnttab_env *env, struct gnttab *t, struct gnttab_map_grant_ref *op);
void gnttab_unmap(const struct gnttab_env *env, struct gnttab *t,
		  struct gnttab_unmap_grant_ref *op);
void gnttab_copy(const struct gnttab_env *env, struct gnttab *t, struct gnttab_copy *op);

/* GNTTABOP_query_size and setup_table for t itself. setup_table fills frames[0..nr) with
 * where each frame is (GNTTAB_NO_GFN when not placed) and answers a GNTST_* status. */
void gnttab_query_size(const struct gnttab *t, struct gnttab_query_size *q);
int16_t gnttab_setup_table(const struct gnttab *t, uint32_t nr_frames,
			   uint64_t frames[GNTTAB_FRAMES]);

/* Has some domain mapped g's machine page? */
bool gnttab_page_mapped(const struct gnttab_env *env, const struct gnttab *g, paddr_t page);
/* Has t a grant mapped at guest physical address ipa? */
bool gnttab_mapped_at(const struct gnttab *t, uint64_t ipa);
/* t is dying: it maps nothing more, what it mapped is released, and every mapping of its
 * pages is removed from the mappers before its memory may be freed. */
void gnttab_teardown(const struct gnttab_env *env, struct gnttab *t);

#endif
